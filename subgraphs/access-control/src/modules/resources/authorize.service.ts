import { GraphQLError } from 'graphql';
import { Area, BuiltInRoleKey, Level, PermissionSet, Viewer, forbidden, levelRank, levelSatisfies, viewerCan } from '@gatehouse/shared';
import { MemberSources, effectiveOf } from '../permissions/contributions';
import { PermissionSourcesService } from '../permissions/permission-sources.service';
import { ResourceAccessRecord, ResourceAccessService, ResourceRef } from './resource-access.service';
import { resourceArea } from './resource-types';

export interface AccessCheck {
  accountId: string;
  area: Area | null;
  level: Level;
  spaceId: string | null;
  resource: ResourceRef | null;
}

/** The most checks one request may carry: enough for a page of agents × actions, bounded for the server. */
export const maxChecks = 1000;

/** One question as a client asks it: about a user (the caller when omitted), an area or a resource. */
export interface AccessQuestion {
  userId?: string | null;
  area?: Area | null;
  level: Level;
  spaceId?: string | null;
  resource?: ResourceRef | null;
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argumentName: 'checks' } });
}

export type DecisionReason = 'ALLOWED' | 'NOT_A_MEMBER' | 'INACTIVE' | 'INSUFFICIENT_LEVEL' | 'NOT_IN_ACCESS_LIST';

export interface AccessDecision {
  allowed: boolean;
  effectiveLevel: Level;
  reason: DecisionReason;
}

/**
 * The platform's policy decision point: for each check, the member's effective level in the area
 * (in the space, when given) and, for a private resource, their place on its access list. Checks
 * are answered in batches: one read of sources per space, one of access lists, then pure work.
 */
export class AuthorizeService {
  constructor(
    private readonly sources: PermissionSourcesService,
    private readonly resources: ResourceAccessService,
  ) {}

  /**
   * A request's questions, answered in order: at most `maxChecks`, each naming an area or a
   * resource; asking about another user takes Team Roles READ. A caller's own questions are about
   * their account, or an API key's about the key's own grants.
   */
  async answer(viewer: Viewer, organizationId: string, questions: AccessQuestion[]): Promise<AccessDecision[]> {
    if (questions.length > maxChecks) throw badInput(`At most ${maxChecks} checks per request.`);
    questions.forEach((question, i) => {
      if (!question.area && !question.resource) throw badInput(`Check ${i} names neither an area nor a resource.`);
    });
    const self = viewer.kind === 'member' ? viewer.accountId : null;
    const aboutOthers = questions.some((q) => q.userId && q.userId !== self);
    if (aboutOthers && !viewerCan(viewer, Area.TEAM_ROLES, Level.READ)) throw forbidden('Asking about other users takes Team Roles READ.');
    const normalized = questions.map((q) => ({ area: q.area ?? null, level: q.level, spaceId: q.spaceId ?? null, resource: q.resource ?? null, accountId: q.userId ?? self }));
    const decisions: AccessDecision[] = new Array(questions.length);
    const forUsers = normalized.flatMap((c, i) => (c.accountId ? [{ i, check: c as AccessCheck }] : []));
    const forKey = normalized.flatMap((c, i) => (c.accountId ? [] : [{ i, check: c }]));
    const userAnswers = await this.decide(organizationId, forUsers.map((x) => x.check));
    forUsers.forEach((x, j) => (decisions[x.i] = userAnswers[j]));
    if (forKey.length && viewer.kind === 'apiKey') {
      const keyAnswers = await this.decideForKey(organizationId, viewer.permissions, forKey.map((x) => x.check));
      forKey.forEach((x, j) => (decisions[x.i] = keyAnswers[j]));
    }
    return decisions;
  }

  async decide(organizationId: string, checks: AccessCheck[]): Promise<AccessDecision[]> {
    const bySpace = new Map<string, Set<string>>();
    for (const check of checks) bySpace.set(check.spaceId ?? '', (bySpace.get(check.spaceId ?? '') ?? new Set()).add(check.accountId));
    const sources = new Map<string, MemberSources>();
    for (const [spaceId, accounts] of bySpace) {
      for (const [accountId, found] of await this.sources.sourcesOf(organizationId, [...accounts], spaceId || null)) sources.set(`${accountId}|${spaceId}`, found);
    }
    const lists = await this.resources.lists(organizationId, checks.flatMap((c) => (c.resource ? [c.resource] : [])));
    return checks.map((check) => decideOne(check, sources.get(`${check.accountId}|${check.spaceId ?? ''}`)!, check.resource ? lists.get(`${check.resource.type}:${check.resource.id}`)! : null));
  }

  /** Checks an API key asks about itself: its own grants; a private resource is never open to a key. */
  async decideForKey(organizationId: string, permissions: PermissionSet, checks: Omit<AccessCheck, 'accountId'>[]): Promise<AccessDecision[]> {
    const lists = await this.resources.lists(organizationId, checks.flatMap((c) => (c.resource ? [c.resource] : [])));
    const key: MemberSources = { accountId: '', isMember: true, active: true, grants: [{ contribution: { kind: 'DEFAULT' }, permissions }], units: [] };
    return checks.map((check) => decideOne({ ...check, accountId: '' }, key, check.resource ? lists.get(`${check.resource.type}:${check.resource.id}`)! : null));
  }
}

/**
 * What a member's checks all need, worked out once per member (a request of 1,000 checks is
 * typically about a few dozen members): their effective permissions, and what access lists may name them by.
 */
interface MemberFacts {
  effective: PermissionSet;
  superAdmin: boolean;
  groups: Set<string>;
  units: Set<string>;
}

const factsOfMember = new WeakMap<MemberSources, MemberFacts>();

function factsOf(member: MemberSources): MemberFacts {
  let facts = factsOfMember.get(member);
  if (!facts) {
    facts = {
      effective: effectiveOf(member),
      superAdmin: member.grants.some((g) => g.contribution.kind === 'ROLE' && g.contribution.roleKey === BuiltInRoleKey.SUPER_ADMIN),
      groups: new Set(member.grants.flatMap((g) => (g.contribution.kind === 'GROUP' || g.contribution.kind === 'UNIT_LINK' ? [g.contribution.groupId] : []))),
      units: new Set(member.units),
    };
    factsOfMember.set(member, facts);
  }
  return facts;
}

function decideOne(check: AccessCheck, member: MemberSources, list: ResourceAccessRecord | null): AccessDecision {
  const area = check.area ?? resourceArea[check.resource!.type];
  const facts = factsOf(member);
  const effectiveLevel = facts.effective.levels[area] ?? Level.NONE;
  if (!member.active) return { allowed: false, effectiveLevel: Level.NONE, reason: member.isMember ? 'INACTIVE' : 'NOT_A_MEMBER' };
  if (!levelSatisfies(effectiveLevel, check.level)) return { allowed: false, effectiveLevel, reason: 'INSUFFICIENT_LEVEL' };
  if (list && list.visibility === 'PRIVATE' && !onList(member, facts, list, check.level)) return { allowed: false, effectiveLevel, reason: 'NOT_IN_ACCESS_LIST' };
  return { allowed: true, effectiveLevel, reason: 'ALLOWED' };
}

/** On a private resource's list at a level enough for the check (Super Admins see everything). */
function onList(member: MemberSources, facts: MemberFacts, list: ResourceAccessRecord, level: Level): boolean {
  if (facts.superAdmin) return true;
  const needed = levelRank(level) >= levelRank(Level.WRITE) ? 'WRITE' : 'READ';
  return list.entries.some(
    (e) =>
      (needed === 'READ' || e.level === 'WRITE') &&
      ((e.principalType === 'USER' && e.principalId === member.accountId) || (e.principalType === 'GROUP' && facts.groups.has(e.principalId)) || (e.principalType === 'UNIT' && facts.units.has(e.principalId))),
  );
}
