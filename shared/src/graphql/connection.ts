import 'reflect-metadata';
import { GraphQLError } from 'graphql';
import { Directive, Field, ObjectType } from 'type-graphql';

/** Relay page info. */
@Directive('@shareable')
@ObjectType({ description: 'Where a page sits in the whole list.' })
export class PageInfo {
  @Field({ description: 'True when items follow this page.' })
  hasNextPage: boolean;

  @Field({ description: 'True when items precede this page.' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the page; pass it as `after` for the next page.' })
  endCursor: string | null;
}

/** Keyset position: the sort value and id of the last item seen. */
export interface CursorPosition {
  value: string | number | null;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const [value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof id !== 'string' || !(value === null || ['string', 'number'].includes(typeof value))) throw new Error('shape');
    return { value, id };
  } catch {
    throw new GraphQLError('The cursor is not valid.', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' } });
  }
}

/** Page size within (0, max]; the cap protects the database from unbounded pages. */
export function checkedPageSize(first: number | null | undefined, max: number, fallback = 20): number {
  const size = first ?? Math.min(fallback, max);
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new GraphQLError(`\`first\` must be between 1 and ${max}.`, { extensions: { code: 'BAD_USER_INPUT', argumentName: 'first' } });
  }
  return size;
}

/** A Relay page: edges with their cursors, and where the page sits. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
}

/**
 * The page of `nodes` (read with one extra row to learn whether more follow) under `first`,
 * each edge with its cursor. `continued` says the client passed `after`.
 */
export function pageOf<T>(nodes: T[], first: number, continued: boolean, cursorOf: (node: T) => string): Page<T> {
  const edges = nodes.slice(0, first).map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: nodes.length > first, hasPreviousPage: continued, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
