import { GraphQLJSONObject, DateTimeResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '@gatehouse/shared';
import { AuditAction } from './audit-actions';

registerEnumType(AuditAction, { name: 'AuditAction', description: 'The kind of security-relevant change an audit entry records.' });

@ObjectType('AuditEntry', { description: 'One append-only line of the organization\'s audit log, chained to the one before it by hash.' })
export class AuditEntryType {
  @Field(() => ID, { description: 'Entry id.' })
  id: string;

  @Field(() => Int, { description: 'Place in the organization\'s chain: 1 for the first entry.' })
  position: number;

  @Field(() => AuditAction, { description: 'What happened.' })
  action: AuditAction;

  @Field({ description: 'Who acted: USER, API_KEY, DIRECTORY (SCIM or a directory sync) or SYSTEM.' })
  actorType: string;

  @Field(() => String, { nullable: true, description: 'Id of the acting account, API key or directory token; null for the system and for deleted users.' })
  actorId: string | null;

  @Field(() => String, { nullable: true, description: 'What the change was made to: USER, ORGANIZATION, ROLE, SPACE, API_KEY, UNIT, GROUP, PROFILE or INVITATION.' })
  targetType: string | null;

  @Field(() => String, { nullable: true, description: 'Id of the changed thing (an account id for users; null once that user was deleted).' })
  targetId: string | null;

  @Field({ description: 'The service where the change happened.' })
  source: string;

  @Field(() => DateTimeResolver, { description: 'When the change happened.' })
  occurredAt: Date;

  @Field(() => DateTimeResolver, { description: 'When the log recorded it (later than occurredAt if a service was down).' })
  recordedAt: Date;

  @Field(() => GraphQLJSONObject, { description: 'What changed: e.g. roles before and after, field names, the client address of a login.' })
  details: Record<string, unknown>;

  @Field({ description: 'SHA-256 of the previous entry\'s hash and this entry\'s fields.' })
  hash: string;

  @Field({ description: 'The previous entry\'s hash (64 zeros for the first entry).' })
  previousHash: string;
}

@ObjectType('AuditEntryEdge', { description: 'An entry in a page of the audit log.' })
export class AuditEntryEdge {
  @Field({ description: 'Opaque position of this entry; pass as `after`.' })
  cursor: string;

  @Field(() => AuditEntryType, { description: 'The entry.' })
  node: AuditEntryType;
}

@ObjectType('AuditEntryConnection', { description: 'A page of the audit log, newest first.' })
export class AuditEntryConnection {
  @Field(() => [AuditEntryEdge], { description: 'The entries of this page.' })
  edges: AuditEntryEdge[];

  @Field(() => PageInfo, { description: 'Where this page sits in the whole log.' })
  pageInfo: PageInfo;

  /** Resolved by AuditEntryConnectionResolver, only when asked for. */
  totalCount: number;
}

@InputType({ description: 'Narrows the audit log; all given conditions must hold.' })
export class AuditLogFilter {
  @Field(() => ID, { nullable: true, description: 'Only entries by this actor (account, API key or directory token id).' })
  actorId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only entries about this target (e.g. an account id).' })
  targetId?: string | null;

  @Field(() => [AuditAction], { nullable: true, description: 'Only these actions.' })
  actions?: AuditAction[] | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Only changes at or after this time.' })
  occurredFrom?: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Only changes before this time.' })
  occurredTo?: Date | null;
}

@InputType('AuditChainAnchorInput', { description: 'An entry recorded outside Gatehouse (e.g. an earlier head): the chain must still hold it unchanged.' })
export class AuditChainAnchorInput {
  @Field(() => Int, { description: 'Its position in the chain.' })
  position: number;

  @Field({ description: 'Its hash (64 hexadecimal characters). At most 64 characters.' })
  hash: string;
}

@ObjectType('AuditChainHead', { description: 'The newest entry of the chain: keep it outside Gatehouse and pass it later as `anchor`, so a removed tail shows.' })
export class AuditChainHead {
  @Field(() => Int, { description: 'Its position.' })
  position: number;

  @Field({ description: 'Its hash.' })
  hash: string;
}

@ObjectType('AuditChainVerification', { description: 'The result of re-computing every link of the organization\'s audit chain.' })
export class AuditChainVerification {
  @Field({ description: 'True when every entry\'s hash matches and every link points at the entry before it.' })
  valid: boolean;

  @Field(() => Int, { description: 'How many entries were verified before the first break (all of them when valid).' })
  entriesChecked: number;

  @Field(() => Int, { nullable: true, description: 'Position of the first broken link; null when valid.' })
  firstBrokenPosition: number | null;

  @Field(() => ID, { nullable: true, description: 'Id of the first entry whose link is broken (null when it is missing).' })
  firstBrokenEntryId: string | null;

  @Field(() => String, { nullable: true, description: 'HASH_MISMATCH (the entry was changed), PREVIOUS_HASH_MISMATCH (an earlier entry was changed and rehashed), POSITION_GAP (an entry was removed), ANCHOR_MISSING (the anchor\'s entry is gone: the tail was removed) or ANCHOR_MISMATCH (the chain was rewritten from the anchor on).' })
  reason: string | null;

  @Field(() => AuditChainHead, { nullable: true, description: 'The newest entry, when the chain is sound (null when empty or broken).' })
  head: AuditChainHead | null;
}
