import { Area, Capability } from '@gatehouse/shared';

/** The kinds of platform resources an access list can guard, with the area and sharing switch of each. */
export enum ResourceType {
  AGENT = 'AGENT',
  KNOWLEDGE_BASE = 'KNOWLEDGE_BASE',
  PROMPT = 'PROMPT',
  TOOL = 'TOOL',
  DATABASE = 'DATABASE',
  GLOSSARY = 'GLOSSARY',
  FLOW = 'FLOW',
}

export const resourceArea: Record<ResourceType, Area> = {
  AGENT: Area.AGENTS,
  KNOWLEDGE_BASE: Area.KNOWLEDGE_BASE,
  PROMPT: Area.PROMPTS,
  TOOL: Area.TOOLS,
  DATABASE: Area.DATABASE,
  GLOSSARY: Area.GLOSSARY,
  FLOW: Area.FLOWS,
};

/** Cloosphere's sharing switches: who may open a resource of this kind to others. */
export const shareCapability: Record<ResourceType, Capability> = {
  AGENT: Capability.SHARE_AGENTS,
  KNOWLEDGE_BASE: Capability.SHARE_KNOWLEDGE_BASES,
  PROMPT: Capability.SHARE_PROMPTS,
  TOOL: Capability.SHARE_TOOLS,
  DATABASE: Capability.SHARE_DATABASES,
  GLOSSARY: Capability.SHARE_GLOSSARIES,
  FLOW: Capability.SHARE_WITH_USERS,
};
