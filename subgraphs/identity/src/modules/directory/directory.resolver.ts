import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { organizationIdOf, requireMember, toPayload } from '@gatehouse/shared';
import { IdentityResult } from '../../errors/identity-error-code';
import { IdentityContext } from '../../context';
import { UserRecord, UserType } from '../users/user.types';
import { DirectoryPlan } from './directory-plan';
import { DirectoryActor, summaryOf } from './directory.service';
import {
  CreateOrgUnitInput,
  CreateOrgUnitPayload,
  DirectoryDrift,
  DirectoryMembershipChange,
  DirectorySource,
  DirectorySyncSummary,
  OrgUnitType,
  SyncDirectoryInput,
  SyncDirectoryPayload,
  UnitMemberInput,
  UnitMemberPayload,
  UnitMembershipOrigin,
  UserUnitMembershipType,
} from './directory.types';

const listed = 100;

function summary(plan: DirectoryPlan): DirectorySyncSummary {
  return { ...summaryOf(plan), unmatchedUsers: plan.unmatchedUsers.slice(0, listed) };
}

function adminActor(ctx: IdentityContext): DirectoryActor {
  const member = requireMember(ctx.viewer);
  return { organizationId: member.organizationId, actorType: 'USER', actorId: member.accountId, permissions: member.permissions };
}

const membershipChanges = (items: { unitId: string; accountId: string }[]): DirectoryMembershipChange[] =>
  items.slice(0, listed).map((m) => ({ unitId: m.unitId, accountId: m.accountId, user: null }));

@Resolver(() => DirectoryMembershipChange)
export class DirectoryMembershipChangeResolver {
  @FieldResolver(() => UserType, { nullable: true, description: 'The member.' })
  user(@Root() change: DirectoryMembershipChange, @Ctx() ctx: IdentityContext) {
    return ctx.loaders.userById.load(change.accountId);
  }
}

@Resolver(() => UserType)
export class UserUnitsResolver {
  @FieldResolver(() => [UserUnitMembershipType], { nullable: true, description: 'Organizational units the user is in; those from the directory are read-only here.' })
  async units(@Root() user: UserRecord, @Ctx() ctx: IdentityContext): Promise<UserUnitMembershipType[]> {
    const [memberships, units] = await Promise.all([ctx.loaders.unitMembershipsByAccountId.load(user.id), ctx.loaders.unitsOfOrganization()]);
    return memberships
      .map((m) => ({ unit: units.get(m.unitId)!, managedBy: m.managedBy as UnitMembershipOrigin, editable: m.managedBy === 'MANUAL' }))
      .filter((m) => m.unit)
      .sort((a, b) => a.unit.path.join('/').localeCompare(b.unit.path.join('/')));
  }
}

@Resolver()
export class DirectoryResolver {
  @Query(() => [OrgUnitType], { nullable: true, description: 'The organization\'s whole unit tree, as a list (each unit names its parent and its path).' })
  async organizationalUnits(@Ctx() ctx: IdentityContext): Promise<OrgUnitType[] | null> {
    if (!organizationIdOf(ctx.viewer)) return null;
    return [...(await ctx.loaders.unitsOfOrganization()).values()].sort((a, b) => a.path.join('/').localeCompare(b.path.join('/')));
  }

  @Query(() => DirectoryDrift, { nullable: true, description: 'What differs between the last snapshot of a directory and local state; null before the first sync.' })
  async directoryDrift(@Arg('source', () => DirectorySource, { description: 'The identity provider.' }) source: DirectorySource, @Ctx() ctx: IdentityContext): Promise<DirectoryDrift | null> {
    const organizationId = organizationIdOf(ctx.viewer);
    const drift = organizationId ? await ctx.services.directory.drift(organizationId, source) : null;
    if (!drift) return null;
    const { plan } = drift;
    const counts = summaryOf(plan);
    return {
      source,
      lastSyncedAt: drift.syncedAt,
      inSync: counts.unitsCreated + counts.unitsUpdated + counts.unitsRemoved + counts.membershipsAdded + counts.membershipsRemoved === 0,
      summary: summary(plan),
      unitsDiffering: [...plan.unitsToCreate, ...plan.unitsToUpdate].slice(0, listed).map((u) => u.externalId),
      unitsUnexpected: plan.unitsToRemove.slice(0, listed).map((u) => u.externalId),
      membershipsMissing: membershipChanges(plan.membershipsToAdd),
      membershipsUnexpected: membershipChanges(plan.membershipsToRemove),
    };
  }

  @Mutation(() => SyncDirectoryPayload, {
    description: 'Applies a directory snapshot (Entra ID or Google Workspace export): creates, moves and removes units and directory memberships, in one transaction. The same snapshot twice changes nothing; a snapshot with any problem changes nothing and lists every problem.',
  })
  async syncDirectory(@Arg('input', () => SyncDirectoryInput, { description: 'The snapshot.' }) input: SyncDirectoryInput, @Ctx() ctx: IdentityContext): Promise<SyncDirectoryPayload> {
    const result = await ctx.services.directory.sync(adminActor(ctx), input.source, { units: input.units, users: input.users }, input.dryRun ?? false);
    return toPayload(result, (synced) => ({ summary: summary(synced.plan), applied: synced.applied }), { summary: null, applied: false });
  }

  @Mutation(() => CreateOrgUnitPayload, { description: 'Creates a unit by hand (for teams the directory does not know, or organizations without one).' })
  async createOrganizationalUnit(@Arg('input', () => CreateOrgUnitInput, { description: 'The unit.' }) input: CreateOrgUnitInput, @Ctx() ctx: IdentityContext): Promise<CreateOrgUnitPayload> {
    const created = await ctx.services.directory.createUnit(adminActor(ctx), input.name, input.parentId ?? null);
    return toPayload(created, async (unit) => ({ unit: (await ctx.loaders.unitsOfOrganization()).get(unit.id) ?? null }), { unit: null });
  }

  @Mutation(() => UnitMemberPayload, { description: 'Adds a user to a unit by hand; such memberships survive directory syncs.' })
  async addUnitMember(@Arg('input', () => UnitMemberInput, { description: 'Unit and user.' }) input: UnitMemberInput, @Ctx() ctx: IdentityContext): Promise<UnitMemberPayload> {
    return this.membershipPayload(ctx, input, await ctx.services.directory.addMember(adminActor(ctx), input.unitId, input.userId));
  }

  @Mutation(() => UnitMemberPayload, { description: 'Removes a hand-made unit membership. Directory memberships are read-only (DIRECTORY_MANAGED).' })
  async removeUnitMember(@Arg('input', () => UnitMemberInput, { description: 'Unit and user.' }) input: UnitMemberInput, @Ctx() ctx: IdentityContext): Promise<UnitMemberPayload> {
    return this.membershipPayload(ctx, input, await ctx.services.directory.removeMember(adminActor(ctx), input.unitId, input.userId));
  }

  private async membershipPayload(ctx: IdentityContext, input: UnitMemberInput, changed: IdentityResult): Promise<UnitMemberPayload> {
    return toPayload(changed, async () => {
      ctx.loaders.unitMembershipsByAccountId.clear(input.userId);
      return { user: await ctx.loaders.userById.load(input.userId) };
    }, { user: null });
  }
}
