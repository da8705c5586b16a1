/**
 * The permission catalogue as data: every area of the platform a grant can name, the ordered
 * access levels, and the boolean capabilities. Areas are the union of the three seeds' pages and
 * permission rows (SmythOS pages, Cloosphere admin areas, Serenity* role domains).
 */
export enum Area {
  DASHBOARD = 'DASHBOARD',
  AGENT_SETTINGS = 'AGENT_SETTINGS',
  AGENT_BUILDER = 'AGENT_BUILDER',
  TEMPLATES = 'TEMPLATES',
  DOMAINS = 'DOMAINS',
  DATA_POOL = 'DATA_POOL',
  VAULT = 'VAULT',
  ANALYTICS = 'ANALYTICS',
  BILLING = 'BILLING',
  TEAM_ROLES = 'TEAM_ROLES',
  TEAM_MEMBERS = 'TEAM_MEMBERS',
  KNOWLEDGE_BASE = 'KNOWLEDGE_BASE',
  PROMPTS = 'PROMPTS',
  TOOLS = 'TOOLS',
  DATABASE = 'DATABASE',
  GLOSSARY = 'GLOSSARY',
  GUARDRAILS = 'GUARDRAILS',
  FLOWS = 'FLOWS',
  SETTINGS = 'SETTINGS',
  EVALUATIONS = 'EVALUATIONS',
  MONITORING = 'MONITORING',
  USAGE_LIMITS = 'USAGE_LIMITS',
  SCOPED_LIMITS = 'SCOPED_LIMITS',
  API_KEYS = 'API_KEYS',
  SPACES = 'SPACES',
  INQUIRIES = 'INQUIRIES',
  AUDIT_LOG = 'AUDIT_LOG',
  // Cloosphere's resource areas and Serenity*'s role families that the rows above do not cover.
  AGENTS = 'AGENTS',
  AGENT_EXECUTION = 'AGENT_EXECUTION',
  SENSITIVE_DATA = 'SENSITIVE_DATA',
  CHAT = 'CHAT',
  CHAT_CONFIGURATION = 'CHAT_CONFIGURATION',
  CHAT_AUDIT = 'CHAT_AUDIT',
  AI_SERVICES = 'AI_SERVICES',
  WORKFLOW_EXECUTION = 'WORKFLOW_EXECUTION',
  SCHEDULED_TRIGGERS = 'SCHEDULED_TRIGGERS',
  FINE_TUNING = 'FINE_TUNING',
  SECURITY_POLICIES = 'SECURITY_POLICIES',
  AI_CONNECTIONS = 'AI_CONNECTIONS',
}

/** Access levels, weakest first; a higher level includes every lower one. */
export enum Level {
  NONE = 'NONE',
  ACCESS = 'ACCESS',
  READ = 'READ',
  WRITE = 'WRITE',
}

/** Boolean toggles that are not a level of an area (Cloosphere's ON/OFF switches). */
export enum Capability {
  SHARE_PUBLICLY = 'SHARE_PUBLICLY',
  SHARE_WITH_USERS = 'SHARE_WITH_USERS',
  CHAT_FILE_UPLOAD = 'CHAT_FILE_UPLOAD',
  CHAT_WEB_SEARCH = 'CHAT_WEB_SEARCH',
  CHAT_IMAGE_GENERATION = 'CHAT_IMAGE_GENERATION',
  CHAT_CODE_INTERPRETER = 'CHAT_CODE_INTERPRETER',
  CHAT_DELETE_HISTORY = 'CHAT_DELETE_HISTORY',
  MANAGE_TEAM = 'MANAGE_TEAM',
  // Cloosphere's sharing switches, per kind of resource.
  SHARE_AGENTS = 'SHARE_AGENTS',
  SHARE_KNOWLEDGE_BASES = 'SHARE_KNOWLEDGE_BASES',
  SHARE_PROMPTS = 'SHARE_PROMPTS',
  SHARE_TOOLS = 'SHARE_TOOLS',
  SHARE_DATABASES = 'SHARE_DATABASES',
  SHARE_GLOSSARIES = 'SHARE_GLOSSARIES',
  // Cloosphere's chat switches.
  CHAT_MESSAGE_EDIT = 'CHAT_MESSAGE_EDIT',
  CHAT_CONTROLS = 'CHAT_CONTROLS',
  CHAT_VOICE_INPUT = 'CHAT_VOICE_INPUT',
  CHAT_VOICE_OUTPUT = 'CHAT_VOICE_OUTPUT',
  CHAT_VOICE_CALL = 'CHAT_VOICE_CALL',
  CHAT_MULTI_MODEL = 'CHAT_MULTI_MODEL',
  CHAT_TEMPORARY = 'CHAT_TEMPORARY',
  // Cloosphere's feature switches (web search, image generation and code execution are the CHAT_ ones above).
  DIRECT_TOOL_SERVERS = 'DIRECT_TOOL_SERVERS',
}

const levelOrder: readonly Level[] = [Level.NONE, Level.ACCESS, Level.READ, Level.WRITE];

/** Position of a level in the order NONE < ACCESS < READ < WRITE. */
export function levelRank(level: Level): number {
  return levelOrder.indexOf(level);
}

/** True when `held` is at least `required`. */
export function levelSatisfies(held: Level | undefined, required: Level): boolean {
  return levelRank(held ?? Level.NONE) >= levelRank(required);
}

/** The more permissive of two levels. */
export function maxLevel(a: Level, b: Level): Level {
  return levelRank(a) >= levelRank(b) ? a : b;
}

/** Human names and descriptions shown by the playground and admin UIs. */
export const areaInfo: Readonly<Record<Area, { name: string; description: string }>> = {
  DASHBOARD: { name: 'Dashboard', description: 'The home dashboard of agents and activity.' },
  AGENT_SETTINGS: { name: 'Agent Settings', description: 'Configuration of existing agents.' },
  AGENT_BUILDER: { name: 'Agent Builder', description: 'Building and modifying agents.' },
  TEMPLATES: { name: 'Templates', description: 'Agent templates.' },
  DOMAINS: { name: 'Domains', description: 'Custom domains agents are served on.' },
  DATA_POOL: { name: 'Data Pool', description: 'Data sources agents read from.' },
  VAULT: { name: 'Vault', description: 'Stored secrets and credentials.' },
  ANALYTICS: { name: 'Analytics', description: 'Usage and cost analytics.' },
  BILLING: { name: 'My Plan / Billing', description: 'The plan, invoices and billing settings.' },
  TEAM_ROLES: { name: 'Team Roles', description: 'Roles, their grants and role assignments.' },
  TEAM_MEMBERS: { name: 'Team Members', description: 'The organization\'s users and their accounts.' },
  KNOWLEDGE_BASE: { name: 'Knowledge Base', description: 'Knowledge bases used for retrieval.' },
  PROMPTS: { name: 'Prompts', description: 'Shared prompt library.' },
  TOOLS: { name: 'Tools', description: 'Tools agents can call.' },
  DATABASE: { name: 'Database', description: 'Datasets, tables and their definitions.' },
  GLOSSARY: { name: 'Glossary', description: 'Organization glossary.' },
  GUARDRAILS: { name: 'Guardrails', description: 'Safety guardrails applied to agents and chat.' },
  FLOWS: { name: 'Flows', description: 'Workflows and scheduled triggers.' },
  SETTINGS: { name: 'Settings', description: 'Organization-wide settings.' },
  EVALUATIONS: { name: 'Evaluations', description: 'Agent quality test plans and executions.' },
  MONITORING: { name: 'Monitoring', description: 'Agent monitoring and execution audit.' },
  USAGE_LIMITS: { name: 'Usage Limits', description: 'The organization-wide daily token limit (the default that reaches every member).' },
  SCOPED_LIMITS: { name: 'Scoped Limits', description: 'Daily token limits of organizational units, groups and members.' },
  API_KEYS: { name: 'API Keys', description: 'System and provider API keys.' },
  SPACES: { name: 'Spaces', description: 'Spaces (subtenants) and their configuration.' },
  INQUIRIES: { name: 'Inquiries', description: 'User-to-admin inquiries.' },
  AUDIT_LOG: { name: 'Audit Log', description: 'The append-only log of security-relevant changes.' },
  AGENTS: { name: 'Agents', description: 'Agents as resources: the list (ACCESS), their details (READ), creating and editing them (WRITE).' },
  AGENT_EXECUTION: { name: 'Agent Execution', description: 'Running agents (READ) and auditing their executions (WRITE).' },
  SENSITIVE_DATA: { name: 'Sensitive Data', description: 'Seeing obfuscated sensitive data in agent executions.' },
  CHAT: { name: 'AI Chat', description: 'Using the AI chat.' },
  CHAT_CONFIGURATION: { name: 'AI Chat Configuration', description: 'Configuration of the AI chat.' },
  CHAT_AUDIT: { name: 'AI Chat Audit', description: 'AI chat activity, costs and audit information.' },
  AI_SERVICES: { name: 'AI Services', description: 'Standalone AI services of the platform.' },
  WORKFLOW_EXECUTION: { name: 'Workflow Execution', description: 'Running workflows, including through the API.' },
  SCHEDULED_TRIGGERS: { name: 'Scheduled Triggers', description: 'Triggers that run agents and workflows on a schedule.' },
  FINE_TUNING: { name: 'Fine Tuning', description: 'Fine-tuned models.' },
  SECURITY_POLICIES: { name: 'Security Policies', description: 'Security and sign-in policies (Compliance Center).' },
  AI_CONNECTIONS: { name: 'AI Connections', description: 'Provider API keys and connection settings (Compliance Center).' },
};

export const allAreas: readonly Area[] = Object.values(Area);

/**
 * The catalogue's version, and the areas each version added. An organization seeded under an older
 * version gets the new areas added to its built-in roles (as the roles define them) when access
 * control starts; areas it already had, tightened or not, are left as they are.
 */
export const catalogueVersion = 2;
export const areasAddedIn: Readonly<Record<number, readonly Area[]>> = {
  2: [
    Area.AGENTS,
    Area.AGENT_EXECUTION,
    Area.SENSITIVE_DATA,
    Area.CHAT,
    Area.CHAT_CONFIGURATION,
    Area.CHAT_AUDIT,
    Area.AI_SERVICES,
    Area.WORKFLOW_EXECUTION,
    Area.SCHEDULED_TRIGGERS,
    Area.FINE_TUNING,
    Area.SECURITY_POLICIES,
    Area.AI_CONNECTIONS,
  ],
};
export const allCapabilities: readonly Capability[] = Object.values(Capability);
