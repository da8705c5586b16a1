import type { SubgraphDefinition } from '@gatehouse/shared';
import { defineSubgraph } from '@gatehouse/shared/subgraph';

/**
 * The identity subgraph's descriptor (src/registry.ts lists it). Light on purpose: the
 * configuration and the container healthcheck read it; `load` brings the rest.
 */
export const identitySubgraph = defineSubgraph({
  name: 'identity',
  summary: 'accounts, organizations, memberships, sessions, spaces, units and directory sync, SCIM, API keys, mail, the audit log',
  defaultPort: 4001,
  // It asks access control about roles and permissions (member reach, role holders, unit changes).
  signsInternalCalls: true,
  // require, not import(): the compiled CommonJS loads the heavy part only here.
  load: async () => (require('./app') as { identityDefinition: SubgraphDefinition }).identityDefinition,
});
