import { identitySubgraph } from '@gatehouse/identity/subgraph';
import { inquiriesSubgraph } from '@gatehouse/inquiries/subgraph';
import { invitationsSubgraph } from '@gatehouse/invitations/subgraph';
import { meteringSubgraph } from '@gatehouse/metering/subgraph';
import { InProcessEventBus, createSubgraphApp, RequestSigner, generateServiceKeyPair, parsePrivateKey } from '@gatehouse/shared';
import { dropTestDatabases, postBody, signedHeaders, testConfig } from '@gatehouse/shared/testing';

/**
 * Rotating the gateway's key without downtime: subgraphs first accept the new public key beside
 * the old one, then the gateway signs with the new key, then the old one is dropped. Each step is
 * a real identity process configured as an operator would, reached over loopback HTTP.
 */
describe('rotating the gateway signing key', () => {
  const previous = generateServiceKeyPair();
  const next = generateServiceKeyPair();
  const signerOf = (pair: { signingKey: string }) => new RequestSigner('gateway', parsePrivateKey(pair.signingKey)!);

  /** Whether identity, started with `env`, serves a request signed by each key. */
  async function accepts(env: Record<string, string>): Promise<{ previous: boolean; next: boolean }> {
    // Identity verifies the invitations, inquiries and metering subgraphs' calls (accept-invitation, organization-names, member-contacts): their keys are configured too.
    const config = testConfig(env, [identitySubgraph, invitationsSubgraph, inquiriesSubgraph, meteringSubgraph]);
    const app = await createSubgraphApp(identitySubgraph, { config, bus: new InProcessEventBus(), relayEvents: true });
    try {
      const server = await app.listen(0, '127.0.0.1');
      const body = JSON.stringify({ query: '{ __typename }' });
      const served = async (signer: RequestSigner) => (await postBody(server.url, body, signedHeaders({ signer, audience: 'identity' }, server.url, { kind: 'anonymous' }, body))).status === 200;
      return { previous: await served(signerOf(previous)), next: await served(signerOf(next)) };
    } finally {
      await app.stop();
      await dropTestDatabases(config);
    }
  }

  it('a signature by the previous key is accepted while that key is listed, and refused once it is not', async () => {
    expect(await accepts({ GATEWAY_SIGNING_KEY: previous.signingKey })).toEqual({ previous: true, next: false });
    expect(await accepts({ GATEWAY_SIGNING_KEY: next.signingKey, GATEWAY_VERIFY_KEYS: `${next.verifyKey},${previous.verifyKey}` })).toEqual({ previous: true, next: true });
    expect(await accepts({ GATEWAY_SIGNING_KEY: next.signingKey, GATEWAY_VERIFY_KEYS: next.verifyKey })).toEqual({ previous: false, next: true });
  });
});
