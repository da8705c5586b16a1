import { fastCoercion } from './fast-input-coercion';

/*
 * Two costs of graphql-js 16 that every request paid and that buy us nothing, removed once when
 * the shared kit loads (before any schema executes). graphql-js's modules call each other through
 * their CommonJS exports objects, so replacing an export changes every caller.
 */

/**
 * graphql-js checks every `isObjectType`, `isNonNullType`, … outside NODE_ENV=production with a
 * slow path that looks for a second copy of graphql loaded beside the first: on the field and
 * value paths of execution it is most of the type checks' cost. graphql-js 17 keeps that check
 * for its "development" build only; one copy of graphql is installed here, and
 * test/one-graphql.test.ts fails if a second ever appears.
 */
const typeChecks = require('graphql/jsutils/instanceOf') as { instanceOf: (value: unknown, constructor: abstract new (...args: never[]) => unknown) => boolean };
typeChecks.instanceOf = (value, constructor) => value instanceof constructor;

/** Variable coercion that builds plain objects (see fast-input-coercion.ts). */
const coercion = require('graphql/utilities/coerceInputValue') as { coerceInputValue: Parameters<typeof fastCoercion>[0] };
/** graphql-js's own coercion, which the fast one hands refused inputs to (and its test compares against). */
export const graphqlCoerceInputValue = coercion.coerceInputValue;
coercion.coerceInputValue = fastCoercion(graphqlCoerceInputValue);
