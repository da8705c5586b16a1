import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IsNull } from 'typeorm';
import { MailMessage, policyGaps } from '@gatehouse/shared';
import { SmtpListener, errorCodes, postBody } from '@gatehouse/shared/testing';
import { subgraphRegistry } from '../../src/registry';
import { composeSupergraph, subgraphArtifacts } from '../../src/scripts/schema-artifacts';
import { kudosSubgraph } from '../support/throwaway-subgraph';
import { TestStack, startTestStack } from '../support/test-stack';
import { distributedTopology } from '../support/distributed-topology';
import { loadCompose } from '../support/compose-file';

/**
 * The kit is all a subgraph needs: a throwaway one, declared in a test file and added to the
 * registry's list at run time, with no other edit, is composed into the supergraph, served through
 * the gateway with its database, events, mail and policy, refused without the gateway's signature,
 * and stopped with the stack.
 */
describe('adding a subgraph', () => {
  const subgraphs = [...subgraphRegistry, kudosSubgraph];
  const smtp = new SmtpListener();
  let t: TestStack;
  beforeAll(async () => {
    const supergraphSdl = composeSupergraph(await subgraphArtifacts(subgraphs));
    t = await startTestStack({ SMTP_URL: await smtp.start() }, { subgraphs, supergraphSdl });
  });
  afterAll(async () => {
    await t?.stop();
    await smtp.stop();
  });

  it('a throwaway subgraph registered at run time is composed, served with its own database and events, and extends identity\'s User', async () => {
    const acme = await t.seed.organization('Acme');
    await acme.member(null, 'Newcomer');
    const response = await t.gql('{ kudosMembersJoined viewer { email kudos } }', {}, acme.admin.token);
    expect(response.errors).toBeUndefined();
    // Identity's membership.created for the founder and the newcomer reached the kudos consumer group.
    expect(response.data).toEqual({ kudosMembersJoined: 2, viewer: { email: acme.admin.email, kudos: `Kudos to ${acme.admin.accountId}` } });
    const ready = await fetch(new URL('/ready', t.stack.gatewayUrl));
    // Every registered subgraph and the throwaway one (the list is the registry's, not written out here).
    expect(await ready.json()).toEqual({ status: 'ready', subgraphs: Object.fromEntries([...subgraphRegistry, kudosSubgraph].map((s) => [s.name, 'ready'])) });
  });

  it('sends mail through the kit as identity does: right after the commit that queued it, and after a failed delivery on the next poll', async () => {
    const acme = await t.seed.organization('Kudos');
    const sendKudos = (to: string) => t.gql('mutation($to: String!) { sendKudos(to: $to) }', { to }, acme.admin.token);
    expect((await sendKudos('grace@example.com')).data).toEqual({ sendKudos: true });
    expect(smtp.to('grace@example.com')).toHaveLength(1);
    expect(smtp.to('grace@example.com')[0].raw).toContain('Subject: Kudos from Gatehouse');

    const port = smtp.port;
    await smtp.stop();
    expect((await sendKudos('alan@example.com')).data).toEqual({ sendKudos: true });
    const kudosMail = t.stack.apps.kudos.dataSource.getRepository(MailMessage);
    expect(await kudosMail.findOneByOrFail({ recipient: 'alan@example.com' })).toMatchObject({ sentAt: null, attempts: 1 });
    await smtp.start(port);
    // Skip the back-off wait; the kit's poll then sends it.
    await kudosMail.update({ sentAt: IsNull() }, { nextAttemptAt: new Date(Date.now() - 1000) });
    for (let i = 0; i < 50 && smtp.to('alan@example.com').length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.to('alan@example.com')).toHaveLength(1);
    // Only the subgraphs that send mail have the table (access control's schema stays its committed migrations').
    expect(t.stack.apps['access-control'].dataSource.hasMetadata(MailMessage)).toBe(false);
  });

  it('is guarded like the others: its policy through the gateway, the gateway\'s signature at its own door', async () => {
    expect(errorCodes(await t.gql('{ kudosMembersJoined }'))).toEqual(['UNAUTHENTICATED']);
    const direct = await postBody(t.stack.servers.kudos.url, JSON.stringify({ query: '{ kudosMembersJoined }' }));
    expect(direct.status).toBe(401);
  });

  it('subscribes exactly to the events its descriptor says it consumes (and their former names), as every registered subgraph does', async () => {
    const aliases = subgraphs.flatMap((s) => Object.entries(t.stack.apps[s.name].definition.produces?.aliases ?? {}));
    for (const descriptor of subgraphs) {
      const app = t.stack.apps[descriptor.name];
      const consumes = new Set(app.definition.consumes);
      const expected = [...consumes, ...aliases.filter(([, current]) => consumes.has(current)).map(([old]) => old)];
      expect({ subgraph: descriptor.name, subscribed: [...app.subscribedTypes].sort() }).toEqual({ subgraph: descriptor.name, subscribed: [...new Set(expected)].sort() });
    }
  });

  it('stops with the stack: its port closes, its database is released', async () => {
    const url = t.stack.servers.kudos.url;
    await t.stop();
    await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(t.stack.apps.kudos.dataSource.isInitialized).toBe(false);
    t = undefined as unknown as TestStack;
  });
});

/** What every registered subgraph must have: nobody lists subgraphs by hand, so the registry is checked against each artifact. */
describe('the subgraph registry', () => {
  it.each(subgraphRegistry.map((s) => [s.name, s] as const))('%s is composed in the committed supergraph, has a policy with no gaps, MySQL migrations and a service in docker-compose.yml', async (name, descriptor) => {
    const supergraph = readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
    expect(supergraph).toContain(`@join__graph(name: "${name}"`);
    const definition = await descriptor.load();
    expect(policyGaps((await definition.schema()).schema, definition.policy)).toEqual({ missing: [], unknown: [], misplaced: [] });
    expect(definition.mysqlMigrations.length).toBeGreaterThan(0);
    // Every variable set, as an operator's .env would: only the services' commands are read here.
    const compose = loadCompose(new Proxy({}, { get: () => 'a-value-standing-in-for-any-secret' }) as Record<string, string>);
    const services = Object.entries(compose.services).filter(([, s]) => s.command?.[0] === name).map(([service]) => service);
    expect(services).toEqual(distributedTopology.filter((s) => s.runs === name).map((s) => s.name));
  });

  it('gives every subgraph its own name and port, none the gateway\'s', () => {
    const names = subgraphRegistry.map((s) => s.name);
    const ports = subgraphRegistry.map((s) => s.defaultPort);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set([4000, ...ports]).size).toBe(ports.length + 1);
  });
});
