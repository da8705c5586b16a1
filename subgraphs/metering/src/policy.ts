import { Area, Level, Policy, activeMember, asParent, authenticated, can, fields, isSelf, or } from '@gatehouse/shared';

const amounts = ['costMicroUsd', 'costUsd', 'inputTokens', 'outputTokens', 'cachedTokens', 'totalTokens', 'events'];

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
  },
  // Checked again by the resolver when it starts and whenever the viewer changes (whileAllowed); each answer is scoped like usage.
  Subscription: {
    usageUpdated: activeMember,
  },
  Mutation: {
    // An API key with Analytics WRITE (a platform service); the service refuses people.
    recordUsage: can(Area.ANALYTICS, Level.WRITE),
    setModelPrice: can(Area.BILLING, Level.WRITE),
    // An organization-wide setting (it will also decide when daily limits reset): a person with Settings WRITE, not a reporting key.
    updateUsageSettings: can(Area.SETTINGS, Level.WRITE),
  },
  // Reached only through a field that checked the viewer (the dashboard's scope, the payloads).
  ComputeType: fields(asParent, 'key', 'name', 'color', 'position'),
  Usage: fields(asParent, ...amounts, 'from', 'to', 'timeZone', 'daily', 'topAgents', 'byModel', 'bySpace', 'byUser'),
  DailyUsage: fields(asParent, ...amounts, 'date', 'byComputeType'),
  ComputeTypeUsage: fields(asParent, ...amounts, 'computeType'),
  AgentUsage: fields(asParent, ...amounts, 'agentId', 'agentName'),
  ModelUsage: fields(asParent, ...amounts, 'provider', 'model'),
  SpaceUsage: fields(asParent, ...amounts, 'space'),
  UserUsage: fields(asParent, ...amounts, 'user'),
  UsageAcrossOrganizations: fields(asParent, ...amounts, 'from', 'to', 'timeZone', 'daily', 'byOrganization', 'topAgents', 'byModel', 'leftOut'),
  OrganizationUsage: fields(asParent, ...amounts, 'organizationId', 'organizationName'),
  OrganizationAgentUsage: fields(asParent, ...amounts, 'agentId', 'agentName', 'organizationId'),
  LeftOutOrganization: fields(asParent, 'organizationId', 'organizationName', 'reason'),
  RecordUsagePayload: fields(asParent, 'recorded', 'duplicates', 'rejected', 'results', 'userErrors'),
  UsageEventResult: fields(asParent, 'index', 'eventId', 'status', 'error'),
  ModelPrice: fields(asParent, 'id', 'provider', 'model', 'inputMicroUsdPerMillion', 'outputMicroUsdPerMillion', 'cachedMicroUsdPerMillion', 'effectiveFrom'),
  SetModelPricePayload: fields(activeMember, 'price', 'userErrors'),
  UsageExportLink: fields(asParent, 'url', 'expiresAt'),
  UsageSettings: fields(asParent, 'timeZone'),
  UpdateUsageSettingsPayload: fields(activeMember, 'settings', 'userErrors'),
  MeteringUserError: fields(asParent, 'field', 'code', 'message'),
  // A member's own usage is theirs to see; anyone's takes Analytics READ (the service scopes to the organization).
  User: { id: activeMember, usage: or(isSelf(), can(Area.ANALYTICS, Level.READ)) },
  // Analytics READ in the organization or in that space: access control knows the space-scoped grants, so the resolver checks them.
  Space: { id: activeMember, usage: activeMember },
};
