import {
  DocumentNode,
  GraphQLError,
  GraphQLInputObjectType,
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

/** Any UTF-16 surrogate: most texts hold none, and this test is much cheaper than `loneSurrogate`'s. */
const anySurrogate = /[\ud800-\udfff]/;

/** An input object's fields with the limit each one states, worked out once per type (ingest walks 1,000 events a call). */
const fieldLimits = new WeakMap<GraphQLInputObjectType, readonly { name: string; type: GraphQLInputType; limit: number }[]>();

function fieldsWithLimits(type: GraphQLInputObjectType): readonly { name: string; type: GraphQLInputType; limit: number }[] {
  let fields = fieldLimits.get(type);
  if (!fields) {
    fields = Object.values(type.getFields()).map((field) => ({ name: field.name, type: field.type, limit: statedMaxLength(field.description) ?? textCeiling }));
    fieldLimits.set(type, fields);
  }
  return fields;
}

/**
 * Walks a (possibly uncoerced) value along its input type; finds the first text over its limit or
 * not well-formed. `path` holds where the value sits (joined with dots only when something is found).
 */
function refusedTextIn(value: unknown, type: GraphQLInputType, path: (string | number)[], limit: number): Finding | null {
  if (value == null) return null;
  if (isNonNullType(type)) return refusedTextIn(value, type.ofType, path, limit);
  if (isListType(type)) {
    const items = Array.isArray(value) ? value : [value];
    for (let i = 0; i < items.length; i += 1) {
      path.push(i);
      const found = refusedTextIn(items[i], type.ofType, path, limit);
      path.pop();
      if (found) return found;
    }
    return null;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) return null; // coercion refuses it later
    for (const field of fieldsWithLimits(type)) {
      path.push(field.name);
      const found = refusedTextIn((value as Record<string, unknown>)[field.name], field.type, path, field.limit);
      path.pop();
      if (found) return found;
    }
    return null;
  }
  if (typeof value !== 'string') return null;
  if (value.length > limit) return { at: path.join('.'), max: limit, malformed: false };
  return anySurrogate.test(value) && loneSurrogate.test(value) ? { at: path.join('.'), max: limit, malformed: true } : null;
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
        found = refusedTextIn(value, argument.type, [`${field?.name ?? 'directive'}(${argument.name}`], statedMaxLength(argument.description) ?? textCeiling);
        return false;
      },
    }),
  );
  if (!found) return null;
  const { at, max, malformed } = found as Finding;
  if (malformed) return new GraphQLError(`${at}) is not well-formed Unicode (it holds a lone surrogate).`, { extensions: { code: 'BAD_USER_INPUT' } });
  return new GraphQLError(`${at}) is longer than ${max.toLocaleString('en-US')} characters.`, { extensions: { code: 'BAD_USER_INPUT', maxLength: max } });
}
