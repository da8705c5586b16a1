import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { organizationIdOf, requireMember, toPayload } from '@gatehouse/shared';
import { AccessControlContext } from '../../context';
import { UserStub } from '../roles/roles.types';
import { ProfileRecord } from './profiles.service';
import {
  CreateSecurityProfileInput,
  SecurityProfileChangeInput,
  SecurityProfileChangePayload,
  SecurityProfileIdInput,
  SecurityProfilePayload,
  SecurityProfileType,
  UpdateSecurityProfileInput,
} from './profiles.types';

@Resolver()
export class SecurityProfilesResolver {
  @Query(() => [SecurityProfileType], { nullable: true, description: 'The organization\'s security profiles, by name.' })
  async securityProfiles(@Ctx() ctx: AccessControlContext): Promise<ProfileRecord[] | null> {
    const organizationId = organizationIdOf(ctx.viewer);
    return organizationId ? ctx.services.profiles.list(organizationId) : null;
  }

  @Mutation(() => SecurityProfilePayload, { description: 'Creates a security profile bundling roles.' })
  async createSecurityProfile(@Arg('input', () => CreateSecurityProfileInput, { description: 'The profile.' }) input: CreateSecurityProfileInput, @Ctx() ctx: AccessControlContext): Promise<SecurityProfilePayload> {
    return toPayload(await ctx.services.profiles.create(requireMember(ctx.viewer), input), (profile) => ({ profile }), { profile: null });
  }

  @Mutation(() => SecurityProfilePayload, { description: 'Renames a security profile or changes its roles; its holders\' permissions change on their next request.' })
  async updateSecurityProfile(@Arg('input', () => UpdateSecurityProfileInput, { description: 'The changes.' }) input: UpdateSecurityProfileInput, @Ctx() ctx: AccessControlContext): Promise<SecurityProfilePayload> {
    return toPayload(await ctx.services.profiles.update(requireMember(ctx.viewer), input.profileId, input), (profile) => ({ profile }), { profile: null });
  }

  @Mutation(() => SecurityProfilePayload, { description: 'Deletes a security profile nobody holds.' })
  async deleteSecurityProfile(@Arg('input', () => SecurityProfileIdInput, { description: 'The profile.' }) input: SecurityProfileIdInput, @Ctx() ctx: AccessControlContext): Promise<SecurityProfilePayload> {
    return toPayload(await ctx.services.profiles.remove(requireMember(ctx.viewer), input.profileId), () => ({ profile: null }), { profile: null });
  }

  @Mutation(() => SecurityProfileChangePayload, { description: 'Gives a user a security profile (not yourself, not the first user, no more than you hold).' })
  async assignSecurityProfile(@Arg('input', () => SecurityProfileChangeInput, { description: 'User and profile.' }) input: SecurityProfileChangeInput, @Ctx() ctx: AccessControlContext): Promise<SecurityProfileChangePayload> {
    return toPayload(await ctx.services.profiles.change(requireMember(ctx.viewer), input.profileId, input.userId, 'ASSIGNED'), () => ({ user: { id: input.userId } }), { user: null });
  }

  @Mutation(() => SecurityProfileChangePayload, { description: 'Takes a security profile from a user, under the same rules.' })
  async revokeSecurityProfile(@Arg('input', () => SecurityProfileChangeInput, { description: 'User and profile.' }) input: SecurityProfileChangeInput, @Ctx() ctx: AccessControlContext): Promise<SecurityProfileChangePayload> {
    return toPayload(await ctx.services.profiles.change(requireMember(ctx.viewer), input.profileId, input.userId, 'REVOKED'), () => ({ user: { id: input.userId } }), { user: null });
  }
}

@Resolver(() => UserStub)
export class UserProfilesResolver {
  @FieldResolver(() => [SecurityProfileType], { nullable: true, description: 'Security profiles the user holds.' })
  async securityProfiles(@Root() user: UserStub, @Ctx() ctx: AccessControlContext): Promise<ProfileRecord[]> {
    const organizationId = organizationIdOf(ctx.viewer);
    if (!organizationId) return [];
    const ids = (await ctx.services.profiles.profilesOfMembers(organizationId, [user.id])).get(user.id) ?? [];
    return ids.length ? ctx.services.profiles.list(organizationId, ids) : [];
  }
}
