import { GraphQLError, GraphQLFieldResolver, GraphQLSchema, defaultFieldResolver, isObjectType, isIntrospectionType, isUnionType } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, rule, shield } from 'graphql-shield';
import type { IRule, IRules } from 'graphql-shield';
import { Requirement, decidedByViewer, dependsOnParent, describeRequirement, satisfies } from './requirements';
import { Viewer } from '../server/viewer';

/** Every field of every object type of a subgraph, mapped to what it requires. */
export type Policy = Record<string, Record<string, Requirement>>;

/** The same requirement for each named field: for types whose fields all share one rule. */
export function fields(requirement: Requirement, ...names: string[]): Record<string, Requirement> {
  return Object.fromEntries(names.map((name) => [name, requirement]));
}

/** The fields federation adds: the gateway needs them; the entities' own fields stay guarded. */
const federationAllowed: Record<string, string[]> = { Query: ['_service', '_entities'], _Service: ['sdl'] };

export function forbidden(message = 'You are not allowed to do this.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

export function unauthenticated(message = 'Sign in first.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

/** Context every subgraph resolver gets: at least the verified viewer. */
export interface ViewerContext {
  viewer: Viewer;
}

/**
 * Where a request keeps what shield has decided for it: inside shield's own per-request state, so
 * whatever drops that (a subscription adopting a new viewer, see live-viewer.ts) drops this too.
 */
interface ShieldState {
  _shield?: { cache: unknown; satisfied?: Set<string> };
}

/** Notes that the rule `name` holds for this request's viewer on every parent (a decision by the viewer alone). */
function rememberSatisfied(context: ShieldState, name: string): void {
  // Shield made its state before calling the rule; a context without it is not a request's.
  const state = context._shield;
  if (state) (state.satisfied ??= new Set()).add(name);
}

/**
 * Turns a policy into a graphql-shield middleware that denies anything not listed.
 * Requirements that depend only on the viewer are decided once per request ('contextual' cache,
 * keyed by the requirement's description); those that read the parent or the arguments are decided per field,
 * unless the viewer alone settles them (`or(isSelf(), can(...))` for a viewer holding the level).
 * A rule that holds for the viewer whatever the parent is remembered for the request: see applyPolicy.
 */
export function policyToShield(policy: Policy) {
  const rulesByName = new Map<string, IRule>();
  const ruleFor = (requirement: Requirement): IRule => {
    const name = describeRequirement(requirement);
    let existing = rulesByName.get(name);
    if (!existing) {
      const cache = dependsOnParent(requirement) ? 'no_cache' : 'contextual';
      existing = rule(name, { cache })((parent: unknown, args: Record<string, unknown>, context: ViewerContext & ShieldState) => {
        const byViewer = decidedByViewer(requirement, context.viewer);
        if (byViewer === true) {
          rememberSatisfied(context, name);
          return true;
        }
        if (byViewer === undefined && satisfies(requirement, context.viewer, parent, args)) return true;
        return context.viewer.kind === 'anonymous' ? unauthenticated() : forbidden();
      });
      rulesByName.set(name, existing);
    }
    return existing;
  };

  const tree: IRules = {};
  for (const typeName of new Set([...Object.keys(federationAllowed), ...Object.keys(policy)])) {
    const typeRules: Record<string, IRule> = {};
    for (const field of federationAllowed[typeName] ?? []) typeRules[field] = allow as unknown as IRule;
    for (const [fieldName, requirement] of Object.entries(policy[typeName] ?? {})) typeRules[fieldName] = ruleFor(requirement);
    (tree as Record<string, unknown>)[typeName] = typeRules;
  }
  return shield(tree, {
    fallbackRule: rule('deny-unlisted', { cache: 'contextual' })(() => forbidden()),
    allowExternalErrors: true,
    fallbackError: () => forbidden(),
  });
}

/** Type and field names whose requirement is `asParent`. */
function inheritingFields(policy: Policy): [string, string][] {
  return Object.entries(policy).flatMap(([typeName, fields]) => Object.entries(fields).filter(([, r]) => r.kind === 'parent').map(([field]) => [typeName, field] as [string, string]));
}

/**
 * The schema guarded by the policy: every field wrapped by its shield rule, except `asParent`
 * fields, which keep their own resolver (their parent field's rule already decided).
 *
 * Shield makes every guarded field asynchronous (a promise per field, and graphql-js then builds
 * each list item's object through promises): most of a subgraph's CPU on a 100-item page. Once
 * shield has found a field's rule satisfied by the viewer alone in this request, the field's own
 * resolver is called directly, synchronously, for every other object of the request: the decision
 * is the same one, made once per request and rule instead of once per field. Shield still decides
 * the first field of every rule, every denial, and every rule that depends on the parent.
 */
export function applyPolicy(schema: GraphQLSchema, policy: Policy): GraphQLSchema {
  const guarded = applyMiddleware(schema, policyToShield(policy));
  for (const [typeName, fields] of Object.entries(policy)) {
    const original = schema.getType(typeName);
    const wrapped = guarded.getType(typeName);
    if (!isObjectType(original) || !isObjectType(wrapped)) continue;
    // Subscription fields are guarded where they subscribe, per event stream: left to shield entirely.
    if (typeName === schema.getSubscriptionType()?.name) continue;
    for (const [fieldName, requirement] of Object.entries(fields)) {
      const field = wrapped.getFields()[fieldName];
      if (!field) continue;
      const ownResolver = original.getFields()[fieldName]?.resolve;
      if (requirement.kind === 'parent') {
        field.resolve = ownResolver;
        continue;
      }
      const own: GraphQLFieldResolver<unknown, unknown> = ownResolver ?? defaultFieldResolver;
      const shielded = field.resolve!;
      const name = describeRequirement(requirement);
      field.resolve = (parent, args, context: ShieldState, info) => (context?._shield?.satisfied?.has(name) ? own(parent, args, context, info) : shielded(parent, args, context, info));
    }
  }
  return guarded;
}

/**
 * Fields of `schema` that the policy does not mention, plus policy entries naming fields that do
 * not exist. Both must be empty: a test per subgraph asserts it.
 */
export function policyGaps(schema: GraphQLSchema, policy: Policy): { missing: string[]; unknown: string[]; misplaced: string[] } {
  const missing: string[] = [];
  const unknown: string[] = [];
  // `asParent` only where a request cannot start: not on root types, not on entities (`_entities` returns them directly).
  const entityUnion = schema.getType('_Entity');
  const direct = new Set(['Query', 'Mutation', 'Subscription', ...(isUnionType(entityUnion) ? entityUnion.getTypes().map((t) => t.name) : [])]);
  const misplaced = inheritingFields(policy).filter(([typeName]) => direct.has(typeName)).map(([typeName, field]) => `${typeName}.${field}`);
  const types = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !isIntrospectionType(t));
  for (const type of types) {
    if (!isObjectType(type)) continue;
    for (const field of Object.keys(type.getFields())) {
      const allowed = federationAllowed[type.name]?.includes(field);
      if (!allowed && !policy[type.name]?.[field]) missing.push(`${type.name}.${field}`);
    }
  }
  for (const [typeName, fields] of Object.entries(policy)) {
    const type = schema.getType(typeName);
    for (const field of Object.keys(fields)) {
      if (!type || !isObjectType(type) || !type.getFields()[field]) unknown.push(`${typeName}.${field}`);
    }
  }
  return { missing, unknown, misplaced };
}

/** The policy as Markdown table rows: `| Type.field | requirement |`, sorted. */
export function policyTable(subgraph: string, policy: Policy): string {
  const rows: string[] = [];
  for (const [typeName, fields] of Object.entries(policy)) {
    for (const [field, requirement] of Object.entries(fields)) {
      rows.push(`| ${subgraph} | \`${typeName}.${field}\` | \`${describeRequirement(requirement)}\` |`);
    }
  }
  for (const [typeName, fields] of Object.entries(federationAllowed)) {
    for (const field of fields) rows.push(`| ${subgraph} | \`${typeName}.${field}\` | \`federation (signed gateway requests only)\` |`);
  }
  return rows.sort().join('\n');
}
