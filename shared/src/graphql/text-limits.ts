import {
  ArgumentNode,
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

/** One argument of a document, where it sits and what its text may hold: found once per document. */
interface ArgumentSite {
  node: ArgumentNode;
  type: GraphQLInputType;
  at: string;
  limit: number;
}

/** The argument sites of each document Apollo keeps parsed (the same document object comes back for the same query). */
const sitesBySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, readonly ArgumentSite[]>>();

function argumentSites(schema: GraphQLSchema, document: DocumentNode): readonly ArgumentSite[] {
  let byDocument = sitesBySchema.get(schema);
  if (!byDocument) sitesBySchema.set(schema, (byDocument = new WeakMap()));
  let sites = byDocument.get(document);
  if (sites) return sites;
  const found: ArgumentSite[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const argument = typeInfo.getArgument();
        if (argument) found.push({ node, type: argument.type, at: `${typeInfo.getFieldDef()?.name ?? 'directive'}(${argument.name}`, limit: statedMaxLength(argument.description) ?? textCeiling });
        return false;
      },
    }),
  );
  byDocument.set(document, (sites = found));
  return sites;
}

/**
 * The first argument of `document` (literal or variable) whose text is longer than its field
 * allows or holds a lone surrogate, as a BAD_USER_INPUT error; null when every text fits. Runs on the raw
 * variables, before execution, so a refused value reaches no resolver and no SQL.
 */
export function textArgumentError(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined): GraphQLError | null {
  for (const site of argumentSites(schema, document)) {
    // valueFromAST gives back an unused variable's raw value and undefined for an invalid one.
    const value = valueFromAST(site.node.value, site.type, variables ?? {}) ?? (site.node.value.kind === 'Variable' ? variables?.[site.node.value.name.value] : undefined);
    const found = refusedTextIn(value, site.type, [site.at], site.limit);
    if (!found) continue;
    if (found.malformed) return new GraphQLError(`${found.at}) is not well-formed Unicode (it holds a lone surrogate).`, { extensions: { code: 'BAD_USER_INPUT' } });
    return new GraphQLError(`${found.at}) is longer than ${found.max.toLocaleString('en-US')} characters.`, { extensions: { code: 'BAD_USER_INPUT', maxLength: found.max } });
  }
  return null;
}
