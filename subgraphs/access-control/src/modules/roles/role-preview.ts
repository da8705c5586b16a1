import { GraphQLError } from 'graphql';
import { DataSource, In } from 'typeorm';
import { Area, Capability, Level, PermissionSet, allAreas, unionOfGrants } from '@gatehouse/shared';
import { MemberSources, effectiveOf } from '../permissions/contributions';
import { PermissionSourcesService } from '../permissions/permission-sources.service';
import { ProfileAssignment, ProfileRole } from '../profiles/profile.entity';
import { RoleAssignment } from './role-assignment.entity';
import { Role } from './role.entity';
import { toRoleRecord } from './role-record';

export interface MemberImpact {
  accountId: string;
  changes: { area: Area; from: Level; to: Level }[];
  capabilitiesGained: Capability[];
  capabilitiesLost: Capability[];
}

/** What changes for a member when one role's grants become `proposed`. */
export function impactOf(sources: MemberSources, roleId: string, proposed: PermissionSet): MemberImpact {
  const before = effectiveOf(sources);
  const after = effectiveOf({
    ...sources,
    grants: sources.grants.map((g) => ((g.contribution.kind === 'ROLE' || g.contribution.kind === 'PROFILE') && g.contribution.roleId === roleId ? { ...g, permissions: proposed } : g)),
  });
  return {
    accountId: sources.accountId,
    changes: allAreas.flatMap((area) => {
      const from = before.levels[area] ?? Level.NONE;
      const to = after.levels[area] ?? Level.NONE;
      return from === to ? [] : [{ area, from, to }];
    }),
    capabilitiesGained: after.capabilities.filter((c) => !before.capabilities.includes(c)),
    capabilitiesLost: before.capabilities.filter((c) => !after.capabilities.includes(c)),
  };
}

/**
 * A dry run of a role edit: every member holding the role across the organization (directly or in
 * a security profile) whose effective permissions would change, and how.
 */
export class RolePreviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sources: PermissionSourcesService,
  ) {}

  /**
   * The preview of exactly the proposed grants (no Manage Team rewriting: it shows what was asked),
   * with the role's own capabilities when none are proposed. An unknown role or an area named twice
   * is a bad request, not a preview.
   */
  async previewEdit(organizationId: string, roleId: string, grants: { area: Area; level: Level }[], capabilities?: Capability[] | null): Promise<{ holders: number; impacts: MemberImpact[] }> {
    const role = await this.dataSource.getRepository(Role).findOneBy({ id: roleId, organizationId });
    if (!role) throw new GraphQLError('No such role in this organization.', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'input' } });
    const areas = grants.map((g) => g.area);
    if (new Set(areas).size !== areas.length) throw new GraphQLError('Name each area once.', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'input' } });
    const proposed = unionOfGrants([{ levels: Object.fromEntries(grants.map((g) => [g.area, g.level])), capabilities: capabilities ?? toRoleRecord(role).permissions.capabilities }]);
    return this.preview(organizationId, role.id, proposed);
  }

  async preview(organizationId: string, roleId: string, proposed: PermissionSet): Promise<{ holders: number; impacts: MemberImpact[] }> {
    const { dataSource, sources } = this;
    const direct = await dataSource.getRepository(RoleAssignment).find({ where: { organizationId, roleId, scope: 'organization' }, select: { accountId: true } });
    const profiles = await dataSource.getRepository(ProfileRole).find({ where: { organizationId, roleId }, select: { profileId: true } });
    const viaProfiles = profiles.length ? await dataSource.getRepository(ProfileAssignment).find({ where: { organizationId, profileId: In(profiles.map((p) => p.profileId)) }, select: { accountId: true } }) : [];
    const holders = [...new Set([...direct, ...viaProfiles].map((a) => a.accountId))];
    const impacts: MemberImpact[] = [];
    for (let i = 0; i < holders.length; i += 500) {
      for (const member of (await sources.sourcesOf(organizationId, holders.slice(i, i + 500))).values()) {
        const impact = impactOf(member, roleId, proposed);
        if (member.active && (impact.changes.length || impact.capabilitiesGained.length || impact.capabilitiesLost.length)) impacts.push(impact);
      }
    }
    return { holders: holders.length, impacts };
  }
}
