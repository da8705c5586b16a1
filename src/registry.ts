import { accessControlSubgraph } from '@gatehouse/access-control/subgraph';
import { identitySubgraph } from '@gatehouse/identity/subgraph';
import { inquiriesSubgraph } from '@gatehouse/inquiries/subgraph';
import { invitationsSubgraph } from '@gatehouse/invitations/subgraph';
import { meteringSubgraph } from '@gatehouse/metering/subgraph';
import type { SubgraphDescriptor } from '@gatehouse/shared/subgraph';
import { GatehouseConfig, loadConfig } from '@gatehouse/shared/config';

/**
 * Every subgraph, in start order: the one list the launcher, the embedded stack, the schema and
 * migration scripts, the distributed topology, the gateway's configuration and the tests loop
 * over. Adding a subgraph is one line here (README: "Adding a subgraph").
 */
export const subgraphRegistry: readonly SubgraphDescriptor[] = [identitySubgraph, accessControlSubgraph, invitationsSubgraph, inquiriesSubgraph, meteringSubgraph];

/** The configuration of this process, with every registered subgraph's variables. */
export function loadGatehouseConfig(env: NodeJS.ProcessEnv = process.env, subgraphs: readonly SubgraphDescriptor[] = subgraphRegistry): GatehouseConfig {
  return loadConfig(env, subgraphs);
}
