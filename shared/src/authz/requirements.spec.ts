import { Area, Level } from './catalogue';
import { and, authenticated, can, dependsOnParent, describeRequirement, isSelf, isSelfArgument, or, satisfies } from './requirements';
import { Viewer } from '../server/viewer';

const member = (status: 'ACTIVE' | 'PENDING', levels: Partial<Record<Area, Level>>): Viewer => ({
  kind: 'member', accountId: 'me', organizationId: 'o', sessionId: null, membershipStatus: status, permissions: { levels, capabilities: [] },
});

describe('requirements', () => {
  it('can() needs an ACTIVE member holding at least the level', () => {
    const requirement = can(Area.TEAM_MEMBERS, Level.READ);
    expect(satisfies(requirement, member('ACTIVE', { TEAM_MEMBERS: Level.WRITE }), null)).toBe(true);
    expect(satisfies(requirement, member('ACTIVE', { TEAM_MEMBERS: Level.ACCESS }), null)).toBe(false);
    expect(satisfies(requirement, member('PENDING', { TEAM_MEMBERS: Level.WRITE }), null)).toBe(false);
    expect(satisfies(requirement, { kind: 'anonymous' }, null)).toBe(false);
  });

  it('isSelf compares the parent id with the viewer', () => {
    expect(satisfies(isSelf(), member('ACTIVE', {}), { id: 'me' })).toBe(true);
    expect(satisfies(isSelf(), member('ACTIVE', {}), { id: 'other' })).toBe(false);
    expect(satisfies(isSelf('ownerId'), member('ACTIVE', {}), { ownerId: 'me' })).toBe(true);
  });

  it('isSelfArgument compares the named argument with the viewer, for people only', () => {
    const r = or(isSelfArgument('id'), can(Area.TEAM_MEMBERS, Level.READ));
    expect(satisfies(r, member('ACTIVE', {}), undefined, { id: 'me' })).toBe(true);
    expect(satisfies(r, member('ACTIVE', {}), undefined, { id: 'other' })).toBe(false);
    expect(satisfies(r, { kind: 'apiKey', keyId: 'me', organizationId: 'o', permissions: { levels: {}, capabilities: [] } }, undefined, { id: 'me' })).toBe(false);
    expect(dependsOnParent(r)).toBe(true);
    expect(describeRequirement(r)).toBe('or(isSelfArgument(id), can(TEAM_MEMBERS, READ))');
  });

  it('or/and combine, and only parent-reading requirements escape the per-request cache', () => {
    const r = or(isSelf(), can(Area.TEAM_ROLES, Level.READ));
    expect(satisfies(r, member('ACTIVE', { TEAM_ROLES: Level.READ }), { id: 'x' })).toBe(true);
    expect(satisfies(and(authenticated, r), member('ACTIVE', {}), { id: 'x' })).toBe(false);
    expect(dependsOnParent(r)).toBe(true);
    expect(dependsOnParent(can(Area.TEAM_ROLES, Level.READ))).toBe(false);
    expect(describeRequirement(r)).toBe('or(isSelf, can(TEAM_ROLES, READ))');
  });
});
