import type { SubgraphDefinition } from '@gatehouse/shared';
import { defineSubgraph } from '@gatehouse/shared/subgraph';

/**
 * The inquiries subgraph's descriptor (src/registry.ts lists it). Light on purpose: the
 * configuration and the container healthcheck read it; `load` brings the rest.
 */
export const inquiriesSubgraph = defineSubgraph({
  name: 'inquiries',
  summary: 'members\' inquiries to the admins (Contact Admin): types, the kanban board, replies and internal notes, assignment, mail, live updates',
  defaultPort: 4004,
  // It asks identity for members' names and addresses, access control for what they hold and which roles and groups exist.
  signsInternalCalls: true,
  // require, not import(): the compiled CommonJS loads the heavy part only here.
  load: async () => (require('./app') as { inquiriesDefinition: SubgraphDefinition }).inquiriesDefinition,
});
