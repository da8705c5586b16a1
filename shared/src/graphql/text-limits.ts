import {
  DocumentNode,
  GraphQLError,
  GraphQLInputType,
  GraphQLSchema,
  TypeInfo,
  isInputObjectType,
  isListType,
  isNonNullType,
  valueFromAST,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/**
 * Text arguments are bounded in two ways, both stated in the field's description (the playground
 * is where admins read them), and this file reads the descriptions, so the two cannot drift apart:
 * - "At most N characters." is refused before any resolver runs (BAD_USER_INPUT): search strings,
 *   filters, tokens, passwords to check, cursors, the CSV;
 * - "Up to N characters (longer is a userError)." is the service's own rule (INVALID_NAME, …),
 *   checked before it writes anything.
 * Any text (String, ID or a custom scalar) longer than `textCeiling` characters is refused before
 * any resolver, whatever the field says, unless its description states a larger "At most".
 */
export const textCeiling = 10_000;

/** The maximum a description states with "At most N characters.", if any. */
export function statedMaxLength(description: string | null | undefined): number | null {
  const match = /At most ([\d,]+) characters\./.exec(description ?? '');
  return match ? Number(match[1].replace(/,/g, '')) : null;
}

/** Where a refused value sits, for the message: `users(filter.search`, and what is wrong with it. */
interface Finding {
  at: string;
  max: number;
  malformed: boolean;
}

/** A lone UTF-16 surrogate: JSON can carry it, but it is no character, and databases refuse or mangle it. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Walks a (possibly uncoerced) value along its input type; finds the first text over its limit or not well-formed. */
function refusedTextIn(value: unknown, type: GraphQLInputType, at: string, limit: number): Finding | null {
  if (value == null) return null;
  if (isNonNullType(type)) return refusedTextIn(value, type.ofType, at, limit);
  if (isListType(type)) {
    for (const [i, item] of (Array.isArray(value) ? value : [value]).entries()) {
      const found = refusedTextIn(item, type.ofType, `${at}.${i}`, limit);
      if (found) return found;
    }
    return null;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) return null; // coercion refuses it later
    for (const field of Object.values(type.getFields())) {
      const found = refusedTextIn((value as Record<string, unknown>)[field.name], field.type, `${at}.${field.name}`, statedMaxLength(field.description) ?? textCeiling);
      if (found) return found;
    }
    return null;
  }
  if (typeof value !== 'string') return null;
  if (value.length > limit) return { at, max: limit, malformed: false };
  return loneSurrogate.test(value) ? { at, max: limit, malformed: true } : null;
}

/**
 * The first argument of `document` (literal or variable) whose text is longer than its field
 * allows or holds a lone surrogate, as a BAD_USER_INPUT error; null when every text fits. Runs on the raw
 * variables, before execution, so a refused value reaches no resolver and no SQL.
 */
export function textArgumentError(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined): GraphQLError | null {
  const typeInfo = new TypeInfo(schema);
  let found: Finding | null = null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        if (found) return false;
        const argument = typeInfo.getArgument();
        const field = typeInfo.getFieldDef();
        if (!argument) return false;
        // valueFromAST gives back an unused variable's raw value and undefined for an invalid one.
        const value = valueFromAST(node.value, argument.type, variables ?? {}) ?? (node.value.kind === 'Variable' ? variables?.[node.value.name.value] : undefined);
        found = refusedTextIn(value, argument.type, `${field?.name ?? 'directive'}(${argument.name}`, statedMaxLength(argument.description) ?? textCeiling);
        return false;
      },
    }),
  );
  if (!found) return null;
  const { at, max, malformed } = found as Finding;
  if (malformed) return new GraphQLError(`${at}) is not well-formed Unicode (it holds a lone surrogate).`, { extensions: { code: 'BAD_USER_INPUT' } });
  return new GraphQLError(`${at}) is longer than ${max.toLocaleString('en-US')} characters.`, { extensions: { code: 'BAD_USER_INPUT', maxLength: max } });
}
