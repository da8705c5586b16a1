import { Area, Capability, Level, allAreas, allCapabilities } from './catalogue';

/** A role as data: what it grants in each area plus the capabilities it switches on. */
export interface RoleDefinition {
  key: BuiltInRoleKey;
  name: string;
  description: string;
  grants: Partial<Record<Area, Level>>;
  capabilities: Capability[];
}

export enum BuiltInRoleKey {
  // SmythOS
  SUPER_ADMIN = 'SUPER_ADMIN',
  ADMIN = 'ADMIN',
  EDITOR = 'EDITOR',
  VIEWER = 'VIEWER',
  // Cloosphere (its Admin is Super Admin; Pending is a membership status)
  USER = 'USER',
  // Serenity*
  AGENT_ADMINISTRATOR = 'AGENT_ADMINISTRATOR',
  AGENT_EXECUTION = 'AGENT_EXECUTION',
  AGENT_INSTANCE_USER = 'AGENT_INSTANCE_USER',
  AGENT_USER = 'AGENT_USER',
  AGENT_USAGE_ADMINISTRATOR = 'AGENT_USAGE_ADMINISTRATOR',
  AGENT_QUALITY_STUDIO_ADMINISTRATOR = 'AGENT_QUALITY_STUDIO_ADMINISTRATOR',
  SENSITIVE_DATA_OBFUSCATION_USER = 'SENSITIVE_DATA_OBFUSCATION_USER',
  COST_ADMINISTRATOR = 'COST_ADMINISTRATOR',
  USAGE_LIMITS_ADMINISTRATOR = 'USAGE_LIMITS_ADMINISTRATOR',
  SCOPED_LIMITS_ADMINISTRATOR = 'SCOPED_LIMITS_ADMINISTRATOR',
  AI_CHAT_USER = 'AI_CHAT_USER',
  AI_CHAT_AUDITOR = 'AI_CHAT_AUDITOR',
  AI_CHAT_CONFIGURATION_ADMINISTRATION = 'AI_CHAT_CONFIGURATION_ADMINISTRATION',
  AI_SERVICE_EXECUTION = 'AI_SERVICE_EXECUTION',
  WORKFLOW_ADMINISTRATION = 'WORKFLOW_ADMINISTRATION',
  WORKFLOW_EXECUTION = 'WORKFLOW_EXECUTION',
  SCHEDULED_TRIGGER_ADMINISTRATOR = 'SCHEDULED_TRIGGER_ADMINISTRATOR',
  DATASET_ADMINISTRATOR = 'DATASET_ADMINISTRATOR',
  FINE_TUNING_USER = 'FINE_TUNING_USER',
  TENANT_ADMINISTRATOR = 'TENANT_ADMINISTRATOR',
  SUBTENANT_ADMINISTRATOR = 'SUBTENANT_ADMINISTRATOR',
  USER_ADMINISTRATOR = 'USER_ADMINISTRATOR',
  SECURITY_POLICIES_ADMINISTRATION = 'SECURITY_POLICIES_ADMINISTRATION',
  API_KEY_ADMINISTRATOR = 'API_KEY_ADMINISTRATOR',
  AI_CONNECTION_SETTING_ADMINISTRATION = 'AI_CONNECTION_SETTING_ADMINISTRATION',
}

const { WRITE: E, READ: V, ACCESS: A } = Level;

/**
 * SmythOS's permission matrix, row by row (Edit = WRITE, View = READ), in the order
 * Super Admin, Admin, Editor, Viewer. The seed's own Analytics FAQ disagrees with its matrix
 * (Viewer may view); the matrix wins and, being data, an organization can tighten it.
 */
const smythosMatrix: ReadonlyArray<[Area, Level, Level, Level, Level]> = [
  [Area.DASHBOARD, E, E, E, V],
  [Area.AGENT_SETTINGS, E, E, E, V],
  [Area.AGENT_BUILDER, E, E, E, V],
  // Cloosphere's Agents resource area follows SmythOS's Agent Settings row.
  [Area.AGENTS, E, E, E, V],
  [Area.TEMPLATES, E, E, E, V],
  [Area.DOMAINS, E, E, E, V],
  [Area.DATA_POOL, E, E, E, V],
  [Area.VAULT, E, E, E, V],
  [Area.ANALYTICS, E, E, E, V],
  [Area.BILLING, E, V, V, V],
  [Area.TEAM_ROLES, E, E, V, V],
  [Area.TEAM_MEMBERS, E, E, V, V],
];

/**
 * Areas the SmythOS matrix does not list. Decision: builders (Editor) work on content areas,
 * Admins also manage the administrative ones, Viewers read content only; Super Admin has WRITE
 * everywhere.
 */
const contentAreas = [Area.KNOWLEDGE_BASE, Area.PROMPTS, Area.TOOLS, Area.DATABASE, Area.GLOSSARY, Area.FLOWS, Area.EVALUATIONS];
const adminAreas = [Area.GUARDRAILS, Area.SETTINGS, Area.MONITORING, Area.USAGE_LIMITS, Area.SCOPED_LIMITS, Area.API_KEYS, Area.SPACES, Area.INQUIRIES, Area.AUDIT_LOG];

function column(index: 1 | 2 | 3 | 4): Partial<Record<Area, Level>> {
  return Object.fromEntries(smythosMatrix.map((row) => [row[0], row[index]]));
}

function fill(areas: Area[], level: Level): Partial<Record<Area, Level>> {
  return Object.fromEntries(areas.map((area) => [area, level]));
}

const smythosRoles: RoleDefinition[] = [
  {
    key: BuiltInRoleKey.SUPER_ADMIN,
    name: 'Super Admin',
    description: 'Full control over everything in the organization.',
    grants: fill([...allAreas], Level.WRITE),
    capabilities: [...allCapabilities],
  },
  {
    key: BuiltInRoleKey.ADMIN,
    name: 'Admin',
    description: 'Team and project leads: manage agents, members and settings.',
    grants: { ...fill(contentAreas, E), ...fill(adminAreas, E), ...column(2) },
    capabilities: allCapabilities.filter((c) => c !== Capability.SHARE_PUBLICLY),
  },
  {
    key: BuiltInRoleKey.EDITOR,
    name: 'Editor',
    description: 'Developers and builders: build and modify agents and tools.',
    grants: { ...fill(contentAreas, E), ...column(3) },
    capabilities: [Capability.SHARE_WITH_USERS, Capability.CHAT_FILE_UPLOAD, Capability.CHAT_WEB_SEARCH, Capability.CHAT_IMAGE_GENERATION, Capability.CHAT_CODE_INTERPRETER],
  },
  {
    key: BuiltInRoleKey.VIEWER,
    name: 'Viewer',
    description: 'Reviewers and stakeholders: read-only access to content.',
    grants: { ...fill(contentAreas, V), ...column(4) },
    capabilities: [Capability.CHAT_FILE_UPLOAD],
  },
];

/** A Serenity* role: fine-grained, meant to be combined (a user may hold several). */
function serenity(key: BuiltInRoleKey, name: string, description: string, grants: Partial<Record<Area, Level>>, capabilities: Capability[] = []): RoleDefinition {
  return { key, name, description, grants, capabilities };
}

const serenityAreas = [Area.AGENTS, Area.AGENT_EXECUTION, Area.SENSITIVE_DATA, Area.CHAT, Area.CHAT_CONFIGURATION, Area.CHAT_AUDIT, Area.AI_SERVICES, Area.WORKFLOW_EXECUTION, Area.SCHEDULED_TRIGGERS, Area.FINE_TUNING, Area.SECURITY_POLICIES, Area.AI_CONNECTIONS];
const K = BuiltInRoleKey;

/**
 * Cloosphere's User gets nothing by itself: its permissions come from groups and the default
 * permissions. Serenity*'s roles, row by row from its user guide, as grants over the catalogue.
 */
export const builtInRoles: readonly RoleDefinition[] = [
  ...smythosRoles,
  { key: K.USER, name: 'User', description: 'A regular user (Cloosphere): permissions come from groups, or the organization\'s defaults when in none.', grants: {}, capabilities: [] },
  serenity(K.AGENT_ADMINISTRATOR, 'Agent Administrator', 'Full administrative access to agents, including configuration and management.', { [Area.AGENTS]: E, [Area.AGENT_SETTINGS]: E, [Area.AGENT_BUILDER]: E, [Area.AGENT_EXECUTION]: E }, [Capability.SHARE_AGENTS]),
  serenity(K.AGENT_EXECUTION, 'Agent Execution', 'Executes agents without administrative permissions.', { [Area.AGENTS]: A, [Area.AGENT_EXECUTION]: V }),
  serenity(K.AGENT_INSTANCE_USER, 'Agent Instance User', 'Executes agents and audits their executions.', { [Area.AGENTS]: V, [Area.AGENT_EXECUTION]: E }),
  serenity(K.AGENT_USER, 'Agent User', 'Eligible for agent-specific access lists; grants no agent by itself.', {}),
  serenity(K.AGENT_USAGE_ADMINISTRATOR, 'Agent Usage Administrator', 'Reviews agent usage and monitoring information.', { [Area.MONITORING]: V, [Area.ANALYTICS]: V, [Area.AGENTS]: A }),
  serenity(K.AGENT_QUALITY_STUDIO_ADMINISTRATOR, 'Agent Quality Studio Administrator', 'Full access to Agent Quality Studio: test plans and test executions.', { [Area.EVALUATIONS]: E, [Area.AGENTS]: V }),
  serenity(K.SENSITIVE_DATA_OBFUSCATION_USER, 'Sensible Data Obfuscation User', 'Views obfuscated sensitive data in agent executions.', { [Area.SENSITIVE_DATA]: V }),
  serenity(K.COST_ADMINISTRATOR, 'Cost Administrator', 'Reviews cost information and manages billing configuration.', { [Area.BILLING]: E, [Area.ANALYTICS]: V }),
  serenity(K.USAGE_LIMITS_ADMINISTRATOR, 'Usage Limits Administrator', 'Defines and manages organization-wide usage limits.', { [Area.USAGE_LIMITS]: E, [Area.ANALYTICS]: V }),
  serenity(K.SCOPED_LIMITS_ADMINISTRATOR, 'Scoped Limits Administrator', 'Manages scoped usage limits.', { [Area.SCOPED_LIMITS]: E }),
  serenity(K.AI_CHAT_USER, 'Serenity* AI Chat User', 'Uses the AI chat.', { [Area.CHAT]: E }, [Capability.CHAT_FILE_UPLOAD]),
  serenity(K.AI_CHAT_AUDITOR, 'Serenity* AI Chat auditor', 'Reviews AI chat activity, costs and audit information.', { [Area.CHAT_AUDIT]: V, [Area.ANALYTICS]: V }),
  serenity(K.AI_CHAT_CONFIGURATION_ADMINISTRATION, 'Serenity* AI Chat Configuration Administration', 'Full administrative access to the AI chat configuration.', { [Area.CHAT_CONFIGURATION]: E, [Area.CHAT]: E }),
  serenity(K.AI_SERVICE_EXECUTION, 'AI ServiceExecution', 'Runs the standalone AI services of the platform.', { [Area.AI_SERVICES]: V }),
  serenity(K.WORKFLOW_ADMINISTRATION, 'Workflow Administration', 'Full administrative access to workflows and their configuration.', { [Area.FLOWS]: E, [Area.WORKFLOW_EXECUTION]: E }),
  serenity(K.WORKFLOW_EXECUTION, 'Workflow Execution', 'Runs workflows, including through the API.', { [Area.FLOWS]: A, [Area.WORKFLOW_EXECUTION]: V }),
  serenity(K.SCHEDULED_TRIGGER_ADMINISTRATOR, 'Scheduled Trigger Administrator', 'Full administrative access to scheduled triggers.', { [Area.SCHEDULED_TRIGGERS]: E }),
  serenity(K.DATASET_ADMINISTRATOR, 'Dataset Administrator', 'Full access to datasets, tables and their definitions.', { [Area.DATABASE]: E, [Area.DATA_POOL]: E }, [Capability.SHARE_DATABASES]),
  serenity(K.FINE_TUNING_USER, 'Fine Tuning User', 'Creates and manages fine-tuned models.', { [Area.FINE_TUNING]: E }),
  serenity(K.TENANT_ADMINISTRATOR, 'Tenant Administrator', 'Full tenant-level administrative access across platform areas.', { ...fill([...adminAreas, ...serenityAreas], E), [Area.TEAM_MEMBERS]: E, [Area.TEAM_ROLES]: E, [Area.BILLING]: E }, [Capability.MANAGE_TEAM]),
  serenity(K.SUBTENANT_ADMINISTRATOR, 'Subtenant Administrator', 'Full administrative access to subtenants (spaces) and their configuration.', { [Area.SPACES]: E }),
  serenity(K.USER_ADMINISTRATOR, 'User Administrator', 'Creates, updates and manages users and their assignments.', { [Area.TEAM_MEMBERS]: E, [Area.TEAM_ROLES]: E }, [Capability.MANAGE_TEAM]),
  serenity(K.SECURITY_POLICIES_ADMINISTRATION, 'Security Policies Administration', 'Manages security and sign-in policies in the Compliance Center.', { [Area.SECURITY_POLICIES]: E }),
  serenity(K.API_KEY_ADMINISTRATOR, 'Api Key Administrator', 'Manages the organization\'s API keys.', { [Area.API_KEYS]: E }),
  serenity(K.AI_CONNECTION_SETTING_ADMINISTRATION, 'AI Connection Setting Administration', 'Manages provider API keys in the Compliance Center.', { [Area.AI_CONNECTIONS]: E }),
];

/** The role new members get unless the organization chose another (SmythOS's default is Super Admin; ours is Viewer). */
export const defaultRoleKey = BuiltInRoleKey.VIEWER;
