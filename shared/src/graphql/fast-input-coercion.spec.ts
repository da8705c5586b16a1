import fc from 'fast-check';
import { GraphQLInputType, GraphQLScalarType, buildSchema, coerceInputValue as installedCoercion, isInputObjectType, isListType, isNonNullType, isEnumType, GraphQLNamedInputType } from 'graphql';
import { DateTimeResolver, SafeIntResolver } from 'graphql-scalars';
import { fastCoercion } from './fast-input-coercion';
import { graphqlCoerceInputValue as original } from './graphql-speedups';

const schema = buildSchema(`
  scalar DateTime
  scalar SafeInt
  enum Color { RED GREEN }
  input Inner { a: Int! b: [String!] c: Color = RED constructor: String toString: Int }
  input Outer { inner: Inner list: [[Inner!]] required: String! withDefault: [Int] = [1, 2] at: DateTime amount: SafeInt id: ID ratio: Float flag: Boolean }
  input One @oneOf { x: Int y: String }
  type Query { field(outer: Outer, one: One): Int }
`);
for (const [name, resolver] of [['DateTime', DateTimeResolver], ['SafeInt', SafeIntResolver]] as const) {
  Object.assign(schema.getType(name) as GraphQLScalarType, { parseValue: resolver.parseValue });
}
const outer = schema.getType('Outer') as GraphQLInputType;
const one = schema.getType('One') as GraphQLInputType;
const fast = fastCoercion(original);

/** A value for a type: mostly well formed, sometimes null, missing, of the wrong kind or with an extra key. */
function valueFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(fc.constant(null), fc.constant(undefined), fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant([]), fc.constant({}), fc.constant(2 ** 60));
  if (isNonNullType(type)) return fc.oneof({ weight: 30, arbitrary: valueFor(type.ofType, depth) }, { weight: 1, arbitrary: wrong });
  if (isListType(type)) {
    const item = valueFor(type.ofType, depth + 1);
    return fc.oneof({ weight: 30, arbitrary: fc.array(item, { maxLength: depth > 1 ? 1 : 3 }) }, { weight: 5, arbitrary: item }, { weight: 1, arbitrary: wrong });
  }
  return named(type, depth);
}

function named(type: GraphQLNamedInputType, depth: number): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.constant([]), fc.constant({ extra: 1 }));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    // Every field present (absent ones come from the value generators' undefined), sometimes one dropped.
    const record = fc.tuple(fc.record(Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, depth + 1)]))), fc.nat(fields.length * 8)).map(([r, drop]) => {
      const dropped = fields[drop]?.name;
      if (dropped !== undefined && !(dropped in Object.prototype)) delete (r as Record<string, unknown>)[dropped];
      return r;
    });
    const withExtra = fc.tuple(record, fc.constantFrom('extra', 'constructor', 'toString', '__proto__', 'hasOwnProperty')).map(([r, key]) => {
      const copy = JSON.parse(JSON.stringify(r ?? {}));
      Object.defineProperty(copy, key, { value: 1, enumerable: true, configurable: true, writable: true });
      return copy;
    });
    return fc.oneof({ weight: 40, arbitrary: record }, { weight: 2, arbitrary: withExtra }, { weight: 1, arbitrary: wrong });
  }
  if (isEnumType(type)) return fc.oneof({ weight: 20, arbitrary: fc.constantFrom('RED', 'GREEN') }, fc.constantFrom('BLUE', 'red'), wrong);
  switch (type.name) {
    case 'DateTime': return fc.oneof({ weight: 20, arbitrary: fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(Date.UTC(2200, 0)) }).map((d) => d.toISOString()) }, fc.constantFrom('2026-13-01T00:00:00Z', 'yesterday'), wrong);
    case 'SafeInt': return fc.oneof({ weight: 20, arbitrary: fc.integer() }, fc.constant(2 ** 60), fc.double(), wrong);
    case 'Int': return fc.oneof({ weight: 20, arbitrary: fc.integer() }, fc.double(), fc.constant(2 ** 40), wrong);
    case 'Float': return fc.oneof({ weight: 20, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) }, fc.constant(Number.NaN), wrong);
    case 'Boolean': return fc.oneof({ weight: 20, arbitrary: fc.boolean() }, wrong);
    default: return fc.oneof({ weight: 20, arbitrary: fc.string() }, fc.integer(), wrong);
  }
}

/** What a coercion gives: its value, every error it reported (path, invalid value, message), or what it threw. */
function outcome(coerce: typeof installedCoercion, value: unknown, type: GraphQLInputType, report: boolean) {
  const errors: unknown[] = [];
  try {
    const coerced = report ? coerce(value, type, (path, invalid, error) => errors.push({ path, invalid, message: error.message })) : coerce(value, type);
    return { coerced, errors };
  } catch (error) {
    return { threw: (error as Error).message, errors };
  }
}

describe('fast input coercion', () => {
  it('is what graphql-js runs once the shared kit is loaded', () => {
    expect(installedCoercion).not.toBe(original);
    expect(installedCoercion({ required: 'x' }, outer)).toEqual({ required: 'x', withDefault: [1, 2] });
  });

  it('gives graphql-js\'s value, errors and messages for any input', () => {
    for (const type of [outer, one]) {
      let accepted = 0;
      fc.assert(fc.property(valueFor(type), fc.boolean(), (value, report) => {
        const expected = outcome(original, value, type, report);
        expect(outcome(fast, value, type, report)).toEqual(expected);
        if (!('threw' in expected) && expected.errors.length === 0) accepted += 1;
      }), { numRuns: 3000 });
      // Both kinds are exercised: inputs graphql-js accepts (the fast path's own answer) and refuses.
      expect(accepted).toBeGreaterThan(150);
      expect(accepted).toBeLessThan(2800);
    }
  });

  it('builds plain objects with Object.prototype, as graphql-js returns them', () => {
    const input = { required: 'x', list: [[{ a: 1, constructor: 'own', toString: 2 }]] };
    const coerced = fast(input, outer) as { list: object[][] };
    expect(Object.getPrototypeOf(coerced)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(coerced.list[0][0])).toBe(Object.prototype);
    expect(coerced).toEqual(original(input, outer));
    expect(Object.keys(coerced)).toEqual(Object.keys(original(input, outer) as object));
  });
});
