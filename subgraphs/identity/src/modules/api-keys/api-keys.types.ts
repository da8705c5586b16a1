import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Capability, PermissionGrant, PermissionGrantInput } from '@gatehouse/shared';
import { IdentityUserError } from '../../errors/identity-user-error';
import { UserType } from '../users/user.types';

@ObjectType('ApiKey', { description: 'A machine credential of the organization (an API key, or a SCIM provisioning token). Its secret is shown only when created.' })
export class ApiKeyType {
  @Field(() => ID, { description: 'Key id.' })
  id: string;

  @Field({ description: 'What the key is for, as its creator named it.' })
  name: string;

  @Field({ description: 'The first characters of the secret, to tell keys apart.' })
  prefix: string;

  @Field(() => [PermissionGrant], { description: 'The levels the key holds, area by area (empty for SCIM tokens).' })
  grants: PermissionGrant[];

  @Field(() => [Capability], { description: 'The capabilities the key holds.' })
  capabilities: Capability[];

  @Field(() => DateTimeResolver, { description: 'When it was created.' })
  createdAt: Date;

  @Field(() => UserType, { nullable: true, description: 'Who created it (null once that user was deleted).' })
  createdBy: unknown;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When it stops working by itself; null for never.' })
  expiresAt: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When it was last presented (updated at most once a minute).' })
  lastUsedAt: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When it was revoked; null while it is live.' })
  revokedAt: Date | null;

  @Field({ description: 'True while the key is accepted: not revoked and not expired.' })
  active: boolean;

  /** Resolved into createdBy. */
  createdById: string | null;
}

@InputType({ description: 'A new API key, scoped like a role.' })
export class CreateApiKeyInput {
  @Field({ description: 'What the key is for (e.g. "Usage recorder"). Up to 100 characters (longer is a userError).' })
  name: string;

  @Field(() => [PermissionGrantInput], { description: 'Levels the key holds; no more than you hold yourself.' })
  grants: PermissionGrantInput[];

  @Field(() => [Capability], { nullable: true, description: 'Capabilities the key holds.' })
  capabilities?: Capability[] | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the key stops working by itself; never when omitted.' })
  expiresAt?: Date | null;
}

@InputType({ description: 'A new SCIM provisioning token for the organization\'s identity provider.' })
export class CreateScimTokenInput {
  @Field({ description: 'Which provider uses it (e.g. "Entra ID"). Up to 100 characters (longer is a userError).' })
  name: string;
}

@InputType({ description: 'The key or token to revoke.' })
export class RevokeApiKeyInput {
  @Field(() => ID, { description: 'Key id.' })
  keyId: string;
}

@ObjectType({ description: 'Result of createApiKey or createScimToken.' })
export class CreateApiKeyPayload {
  @Field(() => ApiKeyType, { nullable: true, description: 'The new key.' })
  apiKey: ApiKeyType | null;

  @Field(() => String, { nullable: true, description: 'The secret: shown this once, never stored in readable form. Send it as `Authorization: Bearer <secret>` (or `X-Api-Key`).' })
  secret: string | null;

  @Field(() => [IdentityUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: IdentityUserError[];
}

@ObjectType({ description: 'Result of revokeApiKey or revokeScimToken.' })
export class RevokeApiKeyPayload {
  @Field(() => ApiKeyType, { nullable: true, description: 'The revoked key.' })
  apiKey: ApiKeyType | null;

  @Field(() => [IdentityUserError], { description: 'Why nothing changed; empty on success.' })
  userErrors: IdentityUserError[];
}
