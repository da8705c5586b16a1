import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLNamedType, buildSchema, getNamedType, isInputObjectType, isObjectType, parse } from 'graphql';
import { textArgumentError, statedMaxLength, textCeiling } from './text-limits';

const supergraph = readFileSync(join(__dirname, '../../../schema/supergraph.graphql'), 'utf8');

/** Every String argument and String input field of the composed API, with its description. */
function textInputs(): { coordinate: string; description: string }[] {
  const schema = buildSchema(supergraph, { assumeValidSDL: true });
  const found: { coordinate: string; description: string }[] = [];
  const isText = (type: GraphQLNamedType) => type.name === 'String';
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || type.name.startsWith('join__') || type.name.startsWith('link__')) continue;
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (isText(getNamedType(field.type))) found.push({ coordinate: `${type.name}.${field.name}`, description: field.description ?? '' });
    }
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        for (const arg of field.args) if (isText(getNamedType(arg.type))) found.push({ coordinate: `${type.name}.${field.name}(${arg.name})`, description: arg.description ?? '' });
    }
  }
  return found;
}

describe('text limits', () => {
  it('every String argument and input field of the API states its maximum length in its description', () => {
    const inputs = textInputs();
    expect(inputs.length).toBeGreaterThan(50);
    const undocumented = inputs.filter(({ description }) => statedMaxLength(description) === null && !/Up to [\d,]+ characters \(longer is a userError\)\./.test(description));
    expect(undocumented.map((i) => i.coordinate)).toEqual([]);
  });

  it('refuses a text over its stated maximum, in a literal or a variable, nested in lists and input objects', () => {
    const schema = buildSchema(`
      type Query { find(filter: Filter, after: String, tags: [String!]): Int }
      input Filter { "At most 5 characters." search: String, nested: [Filter!] }
    `);
    const document = parse('query($f: Filter, $t: [String!]) { find(filter: $f, tags: $t) }');
    expect(textArgumentError(schema, document, { f: { search: 'abcde' } })).toBeNull();
    expect(textArgumentError(schema, document, { f: { nested: [{ search: 'abcdef' }] } })?.message).toBe('find(filter.nested.0.search) is longer than 5 characters.');
    // The same document again (Apollo hands back the one it parsed): its sites are kept, never a verdict.
    expect(textArgumentError(schema, document, { f: { search: 'abcde' } })).toBeNull();
    expect(textArgumentError(schema, parse('{ find(filter: { search: "abcdef" }) }'), {})?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', maxLength: 5 });
    const huge = 'x'.repeat(textCeiling + 1);
    expect(textArgumentError(schema, document, { t: ['ok', huge] })?.message).toBe('find(tags.1) is longer than 10,000 characters.');
    expect(textArgumentError(schema, parse(`{ find(after: "${huge}") }`), {})?.message).toBe('find(after) is longer than 10,000 characters.');
  });

  it('refuses a text holding a lone surrogate, and accepts a well-formed pair', () => {
    const schema = buildSchema('type Query { find(search: String): Int }');
    const document = parse('query($s: String) { find(search: $s) }');
    expect(textArgumentError(schema, document, { s: 'a\ud800b' })?.message).toBe('find(search) is not well-formed Unicode (it holds a lone surrogate).');
    expect(textArgumentError(schema, document, { s: 'x\udc00' })?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(textArgumentError(schema, document, { s: 'emoji \ud83d\ude00' })).toBeNull();
  });

  it('leaves values of the wrong shape to variable coercion', () => {
    const schema = buildSchema('type Query { find(filter: Filter): Int } input Filter { "At most 5 characters." search: String }');
    const document = parse('query($f: Filter) { find(filter: $f) }');
    expect(textArgumentError(schema, document, { f: 'not an object' })).toBeNull();
    expect(textArgumentError(schema, document, { f: { search: 123456 } })).toBeNull();
  });
});
