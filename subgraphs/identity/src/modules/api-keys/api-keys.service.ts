import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { Area, Capability, Level, MemberViewer, PermissionSet, RuleViolation, ok, permissionsCover, refused, unionOfGrants } from '@gatehouse/shared';
import { IdentityResult, IdentityViolation } from '../../errors/identity-error-code';
import { ApiKey, ApiKeyPurpose } from './api-key.entity';
import { recordIdentityEvent } from '../../events';

/** Prefixes tell a platform key from a SCIM token at a glance (and let the gateway route them). */
export const keyPrefixes: Record<ApiKeyPurpose, string> = { PLATFORM: 'ghk_', SCIM: 'ghs_' };
const visibleLength = 12;
/** lastUsedAt is written at most this often per key: a busy agent does not turn every call into a write. */
const touchEveryMs = 60_000;

export interface NewApiKeyInput {
  name: string;
  grants: { area: Area; level: Level }[];
  capabilities: Capability[];
  expiresAt?: Date | null;
}

export interface VerifiedKey {
  keyId: string;
  organizationId: string;
  permissions: PermissionSet;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Organization API keys and SCIM tokens: created once-visible, listed by prefix, revoked, verified by hash. */
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly afterCommit: () => Promise<void>,
  ) {}

  private validate(purpose: ApiKeyPurpose, input: NewApiKeyInput): IdentityViolation[] {
    const problems: IdentityViolation[] = [];
    if (!input.name.trim() || input.name.length > 100) problems.push(new RuleViolation('INVALID_NAME', 'Give a name of 1 to 100 characters.', ['input', 'name']));
    if (purpose === 'SCIM') return problems;
    const areas = input.grants.map((g) => g.area);
    if (new Set(areas).size !== areas.length) problems.push(new RuleViolation('DUPLICATE_AREA', 'Name each area once.', ['input', 'grants']));
    if (input.grants.length === 0 && input.capabilities.length === 0) problems.push(new RuleViolation('NO_GRANTS', 'A key must grant at least one area or capability.', ['input', 'grants']));
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) problems.push(new RuleViolation('EXPIRY_IN_THE_PAST', 'The expiry must be in the future.', ['input', 'expiresAt']));
    return problems;
  }

  /**
   * A new key scoped like a role. Nobody mints a key more powerful than they are; the key then
   * stands on its own (an organization's service credential survives its creator's changes).
   */
  async create(actor: MemberViewer, purpose: ApiKeyPurpose, input: NewApiKeyInput): Promise<IdentityResult<{ key: ApiKey; secret: string }>> {
    const problems = this.validate(purpose, input);
    if (problems.length) return refused(problems);
    const permissions = unionOfGrants([{ levels: Object.fromEntries(input.grants.map((g) => [g.area, g.level])), capabilities: input.capabilities }]);
    if (!permissionsCover(actor.permissions, permissions)) {
      return refused(new RuleViolation('GRANTS_EXCEED_OWN_PERMISSIONS', 'A key cannot grant more than you hold yourself.', ['input', 'grants']));
    }
    const secret = `${keyPrefixes[purpose]}${randomBytes(32).toString('base64url')}`;
    const key = Object.assign(new ApiKey(), {
      id: randomUUID(),
      organizationId: actor.organizationId,
      purpose,
      name: input.name.trim(),
      prefix: secret.slice(0, visibleLength),
      secretHash: hashSecret(secret),
      grants: JSON.stringify(permissions),
      createdBy: actor.accountId,
      createdAt: new Date(),
      expiresAt: input.expiresAt ?? null,
      lastUsedAt: null,
      revokedAt: null,
    });
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(ApiKey, { ...key });
      await recordIdentityEvent(manager, purpose === 'PLATFORM' ? 'api_key.created' : 'scim_token.created', {
        organizationId: key.organizationId,
        actorId: actor.accountId,
        keyId: key.id,
        name: key.name,
        prefix: key.prefix,
        grants: purpose === 'PLATFORM' ? permissions : null,
      });
    });
    await this.afterCommit();
    return ok({ key, secret });
  }

  async list(organizationId: string, purpose: ApiKeyPurpose, includeRevoked: boolean): Promise<ApiKey[]> {
    return this.dataSource.getRepository(ApiKey).find({
      where: { organizationId, purpose, ...(includeRevoked ? {} : { revokedAt: IsNull() }) },
      order: { createdAt: 'DESC' },
    });
  }

  /** Revokes at once: the gateway drops its cached verdict on the event. */
  async revoke(actor: MemberViewer, purpose: ApiKeyPurpose, keyId: string): Promise<IdentityResult<ApiKey>> {
    const repository = this.dataSource.getRepository(ApiKey);
    const key = await repository.findOneBy({ id: keyId, organizationId: actor.organizationId, purpose });
    if (!key) return refused(new RuleViolation('KEY_NOT_FOUND', 'No such key in this organization.', ['input', 'keyId']));
    if (key.revokedAt) return refused(new RuleViolation('KEY_ALREADY_REVOKED', 'This key was already revoked.', ['input', 'keyId']));
    const revokedAt = new Date();
    const changed = await this.dataSource.transaction(async (manager) => {
      const updated = await manager.update(ApiKey, { id: key.id, revokedAt: IsNull() }, { revokedAt });
      if (!updated.affected) return false;
      await recordIdentityEvent(manager, purpose === 'PLATFORM' ? 'api_key.revoked' : 'scim_token.revoked', {
        organizationId: key.organizationId,
        actorId: actor.accountId,
        keyId: key.id,
        name: key.name,
        prefix: key.prefix,
      });
      return true;
    });
    if (!changed) return refused(new RuleViolation('KEY_ALREADY_REVOKED', 'This key was already revoked.', ['input', 'keyId']));
    await this.afterCommit();
    return ok({ ...key, revokedAt });
  }

  /** The key behind a presented secret, when it is live; records when it was last used. */
  async verify(secret: string, purpose: ApiKeyPurpose): Promise<VerifiedKey | null> {
    if (!secret.startsWith(keyPrefixes[purpose]) || secret.length > 200) return null;
    const repository = this.dataSource.getRepository(ApiKey);
    const key = await repository.findOneBy({ secretHash: hashSecret(secret), purpose });
    const now = Date.now();
    if (!key || key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= now)) return null;
    if (!key.lastUsedAt || now - key.lastUsedAt.getTime() > touchEveryMs) await repository.update({ id: key.id }, { lastUsedAt: new Date(now) });
    return { keyId: key.id, organizationId: key.organizationId, permissions: JSON.parse(key.grants) as PermissionSet };
  }
}
