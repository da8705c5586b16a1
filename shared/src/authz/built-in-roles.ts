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
  SUPER_ADMIN = 'SUPER_ADMIN',
  ADMIN = 'ADMIN',
  EDITOR = 'EDITOR',
  VIEWER = 'VIEWER',
}

const { WRITE: E, READ: V } = Level;

/**
 * SmythOS's permission matrix, row by row (Edit = WRITE, View = READ), in the order
 * Super Admin, Admin, Editor, Viewer. The seed's own Analytics FAQ disagrees with its matrix
 * (Viewer may view); the matrix wins and, being data, an organization can tighten it.
 */
const smythosMatrix: ReadonlyArray<[Area, Level, Level, Level, Level]> = [
  [Area.DASHBOARD, E, E, E, V],
  [Area.AGENT_SETTINGS, E, E, E, V],
  [Area.AGENT_BUILDER, E, E, E, V],
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

export const builtInRoles: readonly RoleDefinition[] = [
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

/** The role new members get unless the organization chose another (SmythOS's default is Super Admin; ours is Viewer). */
export const defaultRoleKey = BuiltInRoleKey.VIEWER;
