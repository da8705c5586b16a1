import { Area, Level, Policy, activeMember, asParent, authenticated, can, fields, isSelf, isSelfArgument, or } from '@gatehouse/shared';

const amounts = ['costMicroUsd', 'costUsd', 'inputTokens', 'outputTokens', 'cachedTokens', 'totalTokens', 'events'];

/** Reading daily token limits: Usage Limits READ (the organization's default) or Scoped Limits READ (the rest). */
const readsLimits = or(can(Area.USAGE_LIMITS, Level.READ), can(Area.SCOPED_LIMITS, Level.READ));
/** Changing them: Usage Limits WRITE or Scoped Limits WRITE (the service checks which the level takes). */
const writesLimits = or(can(Area.USAGE_LIMITS, Level.WRITE), can(Area.SCOPED_LIMITS, Level.WRITE));

/** Every field of the metering subgraph and what it requires. */
export const meteringPolicy: Policy = {
  Query: {
    // The catalogue is no secret: anyone signed in, PENDING members and the services' API keys too.
    computeTypes: or(authenticated, activeMember),
    // Analytics READ shows the organization's usage, a space-scoped grant that space's; everyone (an ACTIVE member) sees their own: the service scopes.
    usage: activeMember,
    // A person's own view of every organization they read analytics in; the service refuses API keys.
    usageAcrossOrganizations: activeMember,
    modelPrices: can(Area.BILLING, Level.READ),
    // Scoped like usage; the link carries that scope.
    usageExport: activeMember,
    usageSettings: activeMember,
    // Your own limit, or anyone's with either limit area (the platform's keys too); the service answers members of the organization only.
    effectiveTokenLimit: or(isSelfArgument('userId'), readsLimits),
    // The service shows the default to Usage Limits READ and the rest to Scoped Limits READ.
    tokenLimits: readsLimits,
    // What setTokenLimit takes; the service checks the level's area.
    previewLimitChange: writesLimits,
  },
  // Checked again by the resolver when it starts and whenever the viewer changes (whileAllowed); each answer is scoped like usage.
  Subscription: {
    usageUpdated: activeMember,
    // Your own alerts as an active member; everyone's with a limit area (checked per alert by the resolver).
    tokenLimitReached: or(activeMember, readsLimits),
  },
  Mutation: {
    // An API key with Analytics WRITE (a platform service); the service refuses people.
    recordUsage: can(Area.ANALYTICS, Level.WRITE),
    setModelPrice: can(Area.BILLING, Level.WRITE),
    // An organization-wide setting (it will also decide when daily limits reset): a person with Settings WRITE, not a reporting key.
    updateUsageSettings: can(Area.SETTINGS, Level.WRITE),
    // Usage Limits WRITE for the organization-wide default, Scoped Limits WRITE for the rest: the service checks the level.
    setTokenLimit: writesLimits,
    removeTokenLimit: writesLimits,
    // The platform's services, as recordUsage (the service refuses people).
    reserveTokens: can(Area.ANALYTICS, Level.WRITE),
    settleUsage: can(Area.ANALYTICS, Level.WRITE),
  },
  // Reached only through a field that checked the viewer (the dashboard's scope, the payloads).
  ComputeType: fields(asParent, 'key', 'name', 'color', 'position'),
  Usage: fields(asParent, ...amounts, 'from', 'to', 'timeZone', 'daily', 'topAgents', 'byModel', 'bySpace', 'byUser'),
  DailyUsage: fields(asParent, ...amounts, 'date', 'byComputeType'),
  ComputeTypeUsage: fields(asParent, ...amounts, 'computeType'),
  AgentUsage: fields(asParent, ...amounts, 'agentId', 'agentName'),
  ModelUsage: fields(asParent, ...amounts, 'provider', 'model'),
  SpaceUsage: fields(asParent, ...amounts, 'space'),
  UserUsage: fields(asParent, ...amounts, 'user', 'overDailyLimit'),
  UsageAcrossOrganizations: fields(asParent, ...amounts, 'from', 'to', 'timeZone', 'daily', 'byOrganization', 'topAgents', 'byModel', 'leftOut'),
  OrganizationUsage: fields(asParent, ...amounts, 'organizationId', 'organizationName'),
  OrganizationAgentUsage: fields(asParent, ...amounts, 'agentId', 'agentName', 'organizationId'),
  LeftOutOrganization: fields(asParent, 'organizationId', 'organizationName', 'reason'),
  RecordUsagePayload: fields(asParent, 'recorded', 'duplicates', 'rejected', 'results', 'userErrors'),
  UsageEventResult: fields(asParent, 'index', 'eventId', 'status', 'error', 'overDailyLimit'),
  TokenLimitSetting: fields(asParent, 'level', 'targetId', 'user', 'group', 'unit', 'model', 'dailyTokens', 'setAt', 'setBy'),
  TokenLimitScope: fields(asParent, 'model', 'limit', 'source', 'candidates', 'usedToday', 'held', 'remaining'),
  EffectiveTokenLimit: fields(asParent, 'user', 'model', 'date', 'timeZone', 'resetsAt', 'limit', 'remaining', 'usedToday', 'level', 'source', 'allModels', 'forModel'),
  SetTokenLimitPayload: fields(activeMember, 'setting', 'userErrors'),
  RemoveTokenLimitPayload: fields(activeMember, 'removed', 'userErrors'),
  TokenHold: fields(asParent, 'id', 'requestId', 'user', 'model', 'tokens', 'createdAt', 'expiresAt', 'status', 'settledEventId'),
  ReserveTokensPayload: fields(asParent, 'hold', 'limit', 'userErrors'),
  SettleUsagePayload: fields(asParent, 'hold', 'event', 'userErrors'),
  LimitChangePreview: fields(asParent, 'membersReached', 'overLimit', 'userErrors'),
  TokenLimitAlert: fields(asParent, 'user', 'model', 'percent', 'limit', 'usedToday', 'date', 'at'),
  LimitChangeImpact: fields(asParent, 'user', 'usedToday', 'limitNow', 'limitAfter', 'overBy'),
  Group: { id: activeMember },
  OrganizationalUnit: { id: activeMember },
  ModelPrice: fields(asParent, 'id', 'provider', 'model', 'inputMicroUsdPerMillion', 'outputMicroUsdPerMillion', 'cachedMicroUsdPerMillion', 'effectiveFrom'),
  SetModelPricePayload: fields(activeMember, 'price', 'userErrors'),
  UsageExportLink: fields(asParent, 'url', 'expiresAt'),
  UsageSettings: fields(asParent, 'timeZone'),
  UpdateUsageSettingsPayload: fields(activeMember, 'settings', 'userErrors'),
  MeteringUserError: fields(asParent, 'field', 'code', 'message'),
  // A member's own usage is theirs to see; anyone's takes Analytics READ (the service scopes to the organization).
  User: {
    id: activeMember,
    usage: or(isSelf(), can(Area.ANALYTICS, Level.READ)),
    // Read-only views of the user edit screen: their own, or anyone's with either limit area.
    dailyTokenLimit: or(isSelf(), readsLimits),
    dailyUsage: or(isSelf(), readsLimits),
  },
  // Analytics READ in the organization or in that space: access control knows the space-scoped grants, so the resolver checks them.
  Space: { id: activeMember, usage: activeMember },
};
