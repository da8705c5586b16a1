import type { SubgraphDefinition } from '@gatehouse/shared';
import { defineSubgraph } from '@gatehouse/shared/subgraph';

/**
 * The invitations subgraph's descriptor (src/registry.ts lists it). Light on purpose: the
 * configuration and the container healthcheck read it; `load` brings the rest.
 */
export const invitationsSubgraph = defineSubgraph({
  name: 'invitations',
  summary: 'invitations of teammates by e-mail (with a role, optionally in a space): sending, resending, revoking, the pending list',
  defaultPort: 4003,
  // It asks access control what a role grants and what the inviter holds (in the organization or a space).
  signsInternalCalls: true,
  // require, not import(): the compiled CommonJS loads the heavy part only here.
  load: async () => (require('./app') as { invitationsDefinition: SubgraphDefinition }).invitationsDefinition,
});
