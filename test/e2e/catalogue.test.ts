import { createAccessControlApp } from '@gatehouse/access-control';
import { allAreas, builtInRoles } from '@gatehouse/shared';
import { TestStack, startTestStack } from '../support/test-stack';

describe('the permission catalogue in every organization', () => {
  let t: TestStack;
  afterAll(() => t.stop());

  it('an organization seeded before roles were added gets them at the next start; Super Admin holds every area', async () => {
    t = await startTestStack();
    const acme = await t.seed.organization('Acme');
    const { stack } = t;
    // As if seeded by an older catalogue: two built-in roles missing, Super Admin's stored grants from then.
    await stack.accessControl.dataSource.query("DELETE FROM role WHERE organizationId = ? AND `key` IN ('USER', 'API_KEY_ADMINISTRATOR')", [acme.id]);
    await stack.accessControl.dataSource.query("UPDATE role SET grants = '{\"DASHBOARD\":\"WRITE\"}' WHERE organizationId = ? AND `key` = 'SUPER_ADMIN'", [acme.id]);
    const keys = async () => ((await t.gql('{ roles { key } }', {}, acme.admin.token)).data!.roles as { key: string }[]).map((r) => r.key);
    expect(await keys()).not.toContain('USER');

    const port = Number(new URL(stack.servers.accessControl.url).port);
    await stack.accessControl.stop();
    stack.accessControl = await createAccessControlApp({ config: stack.config, bus: stack.bus, relayEvents: true });
    stack.servers.accessControl = await stack.accessControl.listen(port, '127.0.0.1');

    expect(await keys()).toEqual(builtInRoles.map((r) => r.key));
    const mine = await t.gql('{ viewer { effectivePermissions { grants { area level } } } }', {}, acme.admin.token);
    expect(mine.data!.viewer.effectivePermissions.grants).toEqual(allAreas.map((area) => ({ area, level: 'WRITE' })));
  });
});
