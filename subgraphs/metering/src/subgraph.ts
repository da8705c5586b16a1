import type { SubgraphDefinition } from '@gatehouse/shared';
import { defineSubgraph } from '@gatehouse/shared/subgraph';

/**
 * The metering subgraph's descriptor (src/registry.ts lists it). Light on purpose: the
 * configuration and the container healthcheck read it; `load` brings the rest.
 */
export const meteringSubgraph = defineSubgraph({
  name: 'metering',
  summary: 'usage events of agents, chat and tools (tokens, cost in micro-USD), the price book, rollups, the usage dashboard, CSV export and live usage',
  defaultPort: 4005,
  // It asks identity whether an event's user and space are the organization's, and access control where the viewer may read analytics.
  signsInternalCalls: true,
  // require, not import(): the compiled CommonJS loads the heavy part only here.
  load: async () => (require('./app') as { meteringDefinition: SubgraphDefinition }).meteringDefinition,
});
