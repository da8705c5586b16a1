import { Supergraph } from '@apollo/federation-internals';
import { GraphQLField, GraphQLInputObjectType, GraphQLSchema, getNamedType, isInputObjectType, isNonNullType } from 'graphql';
import { committedSupergraph } from '../../gateway/src/supergraph';

/** The public schema clients see (the committed supergraph's API schema). */
export function publicSchema(): GraphQLSchema {
  return Supergraph.build(committedSupergraph()).apiSchema().toGraphQLJSSchema();
}

/** One mutation whose arguments are a single `input` object (the API convention) and its input fields. */
export interface MutationShape {
  name: string;
  inputType: GraphQLInputObjectType;
  fields: { name: string; required: boolean }[];
}

/** Every mutation of the schema taking one input object, with that object's fields. */
export function mutationShapes(schema: GraphQLSchema = publicSchema()): MutationShape[] {
  const mutations = Object.values(schema.getMutationType()?.getFields() ?? {}) as GraphQLField<unknown, unknown>[];
  return mutations.flatMap((mutation) => {
    const input = mutation.args.find((a) => a.name === 'input');
    const inputType = input ? getNamedType(input.type) : null;
    if (!inputType || !isInputObjectType(inputType)) return [];
    const fields = Object.values(inputType.getFields()).map((f) => ({ name: f.name, required: isNonNullType(f.type) }));
    return [{ name: mutation.name, inputType, fields }];
  });
}

/** Candidate values per input field name; a mutation is tried with every combination of its fields' candidates. */
export type FieldCandidates = Record<string, unknown[]>;

/**
 * The inputs to try for a mutation: every combination of the candidates of the fields it has (a
 * field with no candidates is left out). A required field nobody gave candidates for makes the test
 * fail with its name, so a new operation cannot slip past the test by having an unknown field.
 */
export function inputsFor(shape: MutationShape, candidates: FieldCandidates): Record<string, unknown>[] {
  const missing = shape.fields.filter((f) => f.required && !candidates[f.name]?.length).map((f) => f.name);
  if (missing.length) throw new Error(`${shape.name}: give candidate values for the required input field(s) ${missing.join(', ')}`);
  let inputs: Record<string, unknown>[] = [{}];
  for (const field of shape.fields) {
    const values = candidates[field.name];
    if (!values?.length) continue;
    inputs = inputs.flatMap((input) => values.map((value) => ({ ...input, [field.name]: value })));
  }
  return inputs;
}

/** A document running `mutation(input: $input)` and selecting only its userErrors (every payload has them). */
export function mutationDocument(shape: MutationShape): string {
  return `mutation Try($input: ${shape.inputType.name}!) { ${shape.name}(input: $input) { userErrors { code message } } }`;
}

/** The id a fixture-making operation returned at `path` (e.g. createGroup.group.id); throws with the answer otherwise. */
export async function createdId(run: (document: string) => Promise<{ data?: Record<string, unknown> | null }>, document: string, path: string[]): Promise<string> {
  const response = await run(document);
  let value: unknown = response.data;
  for (const key of path) value = (value as Record<string, unknown> | null | undefined)?.[key];
  if (typeof value !== 'string') throw new Error(`fixture failed: ${JSON.stringify(response)}`);
  return value;
}
