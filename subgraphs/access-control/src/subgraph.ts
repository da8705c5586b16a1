import type { SubgraphDefinition } from '@gatehouse/shared';
import { defineSubgraph } from '@gatehouse/shared/subgraph';

/**
 * The access-control subgraph's descriptor (src/registry.ts lists it). Light on purpose: the
 * configuration and the container healthcheck read it; `load` brings the rest.
 */
export const accessControlSubgraph = defineSubgraph({
  name: 'access-control',
  summary: 'roles (built-in and custom), security profiles, groups and unit links, default permissions, assignments, effective permissions, explainAccess, resource access lists, authorize',
  defaultPort: 4002,
  // require, not import(): the compiled CommonJS loads the heavy part only here.
  load: async () => (require('./app') as { accessControlDefinition: SubgraphDefinition }).accessControlDefinition,
});
