import { randomUUID } from 'node:crypto';
import {
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type RootKind = 'query' | 'mutation' | 'subscription';

/** One ID somewhere in a root field's arguments: `path` is the argument, then input fields down to the ID (lists are looked through). */
export interface IdArgument {
  root: RootKind;
  /** The field taking the id: a root field, or a field of `parent` (an object type reached through a query). */
  operation: string;
  parent?: string;
  path: string[];
  /** `operation.path`, e.g. `assignRole.input.userId` (`User.can.spaceId` for a field of an object type). */
  key: string;
}

function rootType(schema: GraphQLSchema, root: RootKind) {
  return root === 'query' ? schema.getQueryType() : root === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
}

function fieldOf(schema: GraphQLSchema, argument: IdArgument): GraphQLField<unknown, unknown> {
  const type = argument.parent ? schema.getType(argument.parent) : rootType(schema, argument.root);
  const field = type && isObjectType(type) ? type.getFields()[argument.operation] : undefined;
  if (!field) throw new Error(`no field ${argument.parent ?? argument.root}.${argument.operation}`);
  return field;
}

/** The paths to every ID inside an input type (input objects are followed, each type once per path). */
function idPaths(type: GraphQLInputType, seen: string[] = []): string[][] {
  const named = getNamedType(type);
  if (named.name === 'ID') return [[]];
  if (!isInputObjectType(named) || seen.includes(named.name)) return [];
  return Object.values(named.getFields()).flatMap((f) => idPaths(f.type, [...seen, named.name]).map((rest) => [f.name, ...rest]));
}

const argumentPaths = (field: GraphQLField<unknown, unknown>) => field.args.flatMap((arg) => idPaths(arg.type).map((rest) => [arg.name, ...rest]));

/**
 * Every ID argument of every root field (queries, mutations, subscriptions), and of every field of
 * an object type (reached through a query: `parent` says from which type), read from the schema.
 */
export function idArguments(schema: GraphQLSchema): IdArgument[] {
  const roots = (['query', 'mutation', 'subscription'] as const).flatMap((root) =>
    Object.values(rootType(schema, root)?.getFields() ?? {}).flatMap((field) => argumentPaths(field).map((path) => ({ root, operation: field.name, path, key: [field.name, ...path].join('.') }))),
  );
  const rootNames = new Set(['query', 'mutation', 'subscription'].map((r) => rootType(schema, r as RootKind)?.name));
  const objects = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !t.name.startsWith('__') && !rootNames.has(t.name));
  const nested = objects.flatMap((type) =>
    Object.values((type as GraphQLObjectType).getFields()).flatMap((field) =>
      argumentPaths(field).map((path) => ({ root: 'query' as const, parent: type.name, operation: field.name, path, key: [type.name, field.name, ...path].join('.') })),
    ),
  );
  return [...roots, ...nested];
}

/**
 * What the id at `key` stands for, from the most specific entry of `kinds` (`user.id`, then `id`;
 * `assignRole.input.userId`, then `input.userId`, then `userId`). Unknown: undefined.
 */
export function lookUp<T>(kinds: Record<string, T>, key: string): T | undefined {
  const segments = key.split('.');
  for (let i = 0; i < segments.length; i += 1) {
    const suffix = segments.slice(i).join('.');
    if (suffix in kinds) return kinds[suffix];
  }
  return undefined;
}

/** How the arguments of one call are filled in. */
export interface ArgumentValues {
  /** The ID under test and its value (list IDs get `[value]`), plus sibling fields to set beside it. */
  tested: { path: string[]; value: string; siblings?: Record<string, unknown>; asText?: (id: string) => string };
  /** A value for a required ID not under test (the caller's own object of that kind), with sibling fields to set beside it. */
  otherId: (key: string) => { value: string; siblings?: Record<string, unknown> };
  /** A value for a non-ID scalar (or enum) at `key`; `required` says whether the schema requires it. `undefined` leaves an optional one out. */
  scalar: (key: string, type: GraphQLNamedType, required: boolean) => unknown;
}

const wrap = (type: GraphQLInputType, value: unknown): unknown => (isNonNullType(type) ? wrap(type.ofType, value) : isListType(type) ? [wrap(type.ofType, value)] : value);

function build(type: GraphQLInputType, key: string, rest: string[] | null, values: ArgumentValues, required: boolean): unknown {
  const named = getNamedType(type);
  if (named.name === 'ID') {
    if (rest) return wrap(type, values.tested.value);
    return required ? wrap(type, values.otherId(key).value) : undefined;
  }
  if (isInputObjectType(named)) {
    if (!rest && !required) return undefined; // optional objects off the tested path are left out
    const object: Json = {};
    let siblings: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields())) {
      const onPath = rest?.[0] === field.name ? rest.slice(1) : null;
      const fieldRequired = isNonNullType(field.type) && field.defaultValue === undefined;
      const fieldKey = `${key}.${field.name}`;
      if (!onPath && !fieldRequired && getNamedType(field.type).name === 'ID') continue;
      const value = build(field.type, fieldKey, onPath, values, fieldRequired);
      if (value !== undefined) object[field.name] = value;
      if (getNamedType(field.type).name === 'ID' && value !== undefined) {
        siblings = { ...siblings, ...(onPath?.length === 0 ? values.tested.siblings : values.otherId(fieldKey).siblings) };
      }
    }
    return wrap(type, { ...object, ...siblings });
  }
  if (rest) return wrap(type, values.tested.asText ? values.tested.asText(values.tested.value) : values.tested.value); // an id carried in text
  const value = values.scalar(key, named, required);
  return value === undefined ? undefined : wrap(type, value);
}

/** A call of one root field: its document and variables. */
export interface Call {
  document: string;
  variables: Json;
}

/**
 * The call of `argument.operation` with the tested ID at `argument.path`: required arguments
 * generated, optional ones left out (unless `values.scalar` gives one), a shallow selection.
 */
export function callFor(schema: GraphQLSchema, argument: IdArgument, values: ArgumentValues, selectionDepth = 2, route?: (parent: string) => string): Call {
  const field = fieldOf(schema, argument);
  const variables: Json = {};
  for (const arg of field.args) {
    const onPath = argument.path[0] === arg.name ? argument.path.slice(1) : null;
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    const value = build(arg.type, `${field.name}.${arg.name}`, onPath, values, required);
    if (value !== undefined) variables[arg.name] = value;
  }
  const given = field.args.filter((a) => a.name in variables);
  const declarations = given.length ? `(${given.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})` : '';
  const passed = given.length ? `(${given.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const name = (argument.parent ?? '') + argument.operation.charAt(0).toUpperCase() + argument.operation.slice(1);
  const selected = `${field.name}${passed}${selection(field.type, selectionDepth)}`;
  // A field of an object type is reached through the query `route` gives for its type (e.g. `user(id: "...")` for User).
  const reached = argument.parent ? `${route?.(argument.parent) ?? ''} { ${selected} }` : selected;
  if (argument.parent && !route?.(argument.parent)) throw new Error(`${argument.key}: give a query reaching a ${argument.parent}`);
  return { document: `${argument.root} ${name}${declarations} { ${reached} }`, variables };
}

/**
 * A shallow selection of an output type: its leaf fields without required arguments, and the same
 * of its object fields down to `depth` levels, error objects always (`__typename` everywhere, so no
 * selection is empty).
 */
export function selection(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named) || depth <= 0) return ' { __typename }';
  const fields = Object.values(named.getFields()).filter((f) => !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined));
  const parts = fields.flatMap((f) => {
    if (isLeafType(getNamedType(f.type))) return [f.name];
    // Errors are what tells one refusal from another: their fields are selected at any depth.
    const isError = getNamedType(f.type).name.endsWith('Error');
    return depth > 1 || isError ? [`${f.name}${selection(f.type, Math.max(depth - 1, 1))}`] : [];
  });
  return ` { __typename ${parts.join(' ')} }`;
}

/** A value of a scalar or enum by its type: strings carry `token` (so a call's values are its own), enums their first value. */
export function generatedScalar(type: GraphQLNamedType, token: string): unknown {
  if (isEnumType(type)) return type.getValues()[0].value;
  switch (type.name) {
    case 'String':
      return `fid${token}`;
    case 'EmailAddress':
      return `fid-${token}@example.com`;
    case 'DateTime':
      return new Date(Date.now() - 60_000).toISOString();
    case 'Int':
    case 'SafeInt':
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'JSONObject':
      return {};
    default:
      throw new Error(`no generated value for the scalar ${type.name}: add one to generatedScalar`);
  }
}

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** An id of the same shape as `id` that nothing holds: its UUIDs replaced by fresh ones, or its letters and digits by random ones. */
export function sameShapeRandomId(id: string): string {
  if (new RegExp(uuid.source, 'i').test(id)) return id.replace(uuid, () => randomUUID());
  const pick = (alphabet: string) => alphabet[Math.floor(Math.random() * alphabet.length)];
  return id.replace(/[a-z]/g, () => pick('abcdefghijklmnopqrstuvwxyz')).replace(/[A-Z]/g, () => pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ')).replace(/[0-9]/g, () => pick('0123456789'));
}

/**
 * An answer with what differs between two equivalent calls taken out: the tested id and the call's
 * token become placeholders (in values and messages), as do `placeholders` (ids made for the call), timestamps, JWTs and ids that are not
 * among `knownIds` (objects a call created); errors keep their message, code and path.
 */
export function normalised(answer: Json, replace: { tested: string; token: string; knownIds: Set<string>; placeholders?: Map<string, string> }): Json {
  const text = (value: string): string =>
    [...(replace.placeholders ?? [])]
      .reduce((v, [id, placeholder]) => v.split(id).join(placeholder), value)
      .split(replace.tested)
      .join('<tested id>')
      .split(replace.token)
      .join('<token>')
      .replace(uuid, (id) => (replace.knownIds.has(id) ? id : '<new id>'))
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>')
      .replace(/eyJ[\w-]+(\.[\w-]+)*/g, signed);
  // A signed token (JWT, signed link): its JSON parts compared as text, its signature and instants left out.
  const signed = (token: string): string =>
    `<signed ${token
      .split('.')
      .filter((part) => part.startsWith('eyJ'))
      .map((part) => text(Buffer.from(part, 'base64url').toString('utf8')).replace(/\b1\d{9}(\d{3})?\b/g, '<instant>'))
      .join('.')}>`;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  const errors = (answer.errors as Json[] | undefined)?.map((e) => ({ message: e.message, code: e.extensions?.code, path: e.path }));
  return walk({ data: answer.data, ...(errors ? { errors } : {}) }) as Json;
}
