import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Area, Level, PermissionSet, organizationIdOf, requireMember, toPayload } from '@gatehouse/shared';
import { IdentityResult } from '../../errors/identity-error-code';
import { IdentityContext } from '../../context';
import { UserType } from '../users/user.types';
import { ApiKey, ApiKeyPurpose } from './api-key.entity';
import { ApiKeyType, CreateApiKeyInput, CreateApiKeyPayload, CreateScimTokenInput, RevokeApiKeyInput, RevokeApiKeyPayload } from './api-keys.types';

export function toApiKeyType(key: ApiKey): ApiKeyType {
  const permissions = JSON.parse(key.grants) as PermissionSet;
  const now = Date.now();
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    grants: (Object.entries(permissions.levels) as [Area, Level][]).map(([area, level]) => ({ area, level })),
    capabilities: permissions.capabilities,
    createdAt: key.createdAt,
    createdBy: null,
    createdById: key.createdBy,
    expiresAt: key.expiresAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
    active: !key.revokedAt && !(key.expiresAt && key.expiresAt.getTime() <= now),
  };
}

function created(result: IdentityResult<{ key: ApiKey; secret: string }>): Promise<CreateApiKeyPayload> {
  return toPayload(result, ({ key, secret }) => ({ apiKey: toApiKeyType(key), secret }), { apiKey: null, secret: null });
}

function revoked(result: IdentityResult<ApiKey>): Promise<RevokeApiKeyPayload> {
  return toPayload(result, (key) => ({ apiKey: toApiKeyType(key) }), { apiKey: null });
}

@Resolver(() => ApiKeyType)
export class ApiKeysResolver {
  private async listed(ctx: IdentityContext, purpose: ApiKeyPurpose, includeRevoked: boolean | null | undefined): Promise<ApiKeyType[] | null> {
    const organizationId = organizationIdOf(ctx.viewer);
    return organizationId ? (await ctx.services.apiKeys.list(organizationId, purpose, includeRevoked ?? false)).map(toApiKeyType) : null;
  }

  @Query(() => [ApiKeyType], { nullable: true, description: 'The organization\'s API keys, newest first (an organization holds tens, not thousands).' })
  apiKeys(
    @Ctx() ctx: IdentityContext,
    @Arg('includeRevoked', () => Boolean, { nullable: true, description: 'Also list revoked keys.' }) includeRevoked?: boolean | null,
  ): Promise<ApiKeyType[] | null> {
    return this.listed(ctx, 'PLATFORM', includeRevoked);
  }

  @Query(() => [ApiKeyType], { nullable: true, description: 'The organization\'s SCIM provisioning tokens, newest first.' })
  scimTokens(
    @Ctx() ctx: IdentityContext,
    @Arg('includeRevoked', () => Boolean, { nullable: true, description: 'Also list revoked tokens.' }) includeRevoked?: boolean | null,
  ): Promise<ApiKeyType[] | null> {
    return this.listed(ctx, 'SCIM', includeRevoked);
  }

  @Mutation(() => CreateApiKeyPayload, { description: 'Creates an API key scoped to areas and levels like a role; the secret is in the payload, once.' })
  async createApiKey(@Arg('input', () => CreateApiKeyInput, { description: 'The key.' }) input: CreateApiKeyInput, @Ctx() ctx: IdentityContext): Promise<CreateApiKeyPayload> {
    return created(await ctx.services.apiKeys.create(requireMember(ctx.viewer), 'PLATFORM', { name: input.name, grants: input.grants, capabilities: input.capabilities ?? [], expiresAt: input.expiresAt }));
  }

  @Mutation(() => RevokeApiKeyPayload, { description: 'Revokes an API key: it stops working on the next request.' })
  async revokeApiKey(@Arg('input', () => RevokeApiKeyInput, { description: 'The key.' }) input: RevokeApiKeyInput, @Ctx() ctx: IdentityContext): Promise<RevokeApiKeyPayload> {
    return revoked(await ctx.services.apiKeys.revoke(requireMember(ctx.viewer), 'PLATFORM', input.keyId));
  }

  @Mutation(() => CreateApiKeyPayload, { description: 'Creates a bearer token for the SCIM endpoint (/scim/v2), so Entra ID or Google Workspace can provision users and groups.' })
  async createScimToken(@Arg('input', () => CreateScimTokenInput, { description: 'The token.' }) input: CreateScimTokenInput, @Ctx() ctx: IdentityContext): Promise<CreateApiKeyPayload> {
    return created(await ctx.services.apiKeys.create(requireMember(ctx.viewer), 'SCIM', { name: input.name, grants: [], capabilities: [] }));
  }

  @Mutation(() => RevokeApiKeyPayload, { description: 'Revokes a SCIM token: the provider\'s next request is refused.' })
  async revokeScimToken(@Arg('input', () => RevokeApiKeyInput, { description: 'The token.' }) input: RevokeApiKeyInput, @Ctx() ctx: IdentityContext): Promise<RevokeApiKeyPayload> {
    return revoked(await ctx.services.apiKeys.revoke(requireMember(ctx.viewer), 'SCIM', input.keyId));
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Who created it (null once that user was deleted).' })
  createdBy(@Root() key: ApiKeyType, @Ctx() ctx: IdentityContext) {
    return key.createdById ? ctx.loaders.userById.load(key.createdById) : null;
  }
}
