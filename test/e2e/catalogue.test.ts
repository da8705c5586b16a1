import { allAreas, builtInRoles } from '@gatehouse/shared';
import { TestStack, startTestStack } from '../support/test-stack';

describe('the permission catalogue in every organization', () => {
  let t: TestStack;
  afterAll(() => t.stop());

  it('an organization seeded under an older catalogue gets the new roles and areas at the next start, keeps what it tightened; Super Admin holds every area', async () => {
    t = await startTestStack();
    const acme = await t.seed.organization('Acme');
    const { stack } = t;
    // As if seeded by an older catalogue: two built-in roles missing, Super Admin's stored grants from then.
    await stack.apps['access-control'].dataSource.query("DELETE FROM role WHERE organizationId = ? AND `key` IN ('USER', 'API_KEY_ADMINISTRATOR')", [acme.id]);
    await stack.apps['access-control'].dataSource.query("UPDATE role SET grants = '{\"DASHBOARD\":\"WRITE\"}' WHERE organizationId = ? AND `key` = 'SUPER_ADMIN'", [acme.id]);
    // …and an Editor role from before the Agents area existed, which the organization had tightened (no Dashboard).
    await stack.apps['access-control'].dataSource.query("UPDATE role SET grants = '{\"AGENT_BUILDER\":\"WRITE\"}' WHERE organizationId = ? AND `key` = 'EDITOR'", [acme.id]);
    await stack.apps['access-control'].dataSource.query('UPDATE organization_settings SET catalogueVersion = 1 WHERE organizationId = ?', [acme.id]);
    const keys = async () => ((await t.gql('{ roles { key } }', {}, acme.admin.token)).data!.roles as { key: string }[]).map((r) => r.key);
    expect(await keys()).not.toContain('USER');

    const port = Number(new URL(stack.servers['access-control'].url).port);
    await stack.apps['access-control'].stop();
    stack.apps['access-control'] = await stack.createApp('access-control');
    stack.servers['access-control'] = await stack.apps['access-control'].listen(port, '127.0.0.1');

    expect(await keys()).toEqual(builtInRoles.map((r) => r.key));
    const mine = await t.gql('{ viewer { effectivePermissions { grants { area level } } } }', {}, acme.admin.token);
    expect(mine.data!.viewer.effectivePermissions.grants).toEqual(allAreas.map((area) => ({ area, level: 'WRITE' })));
    const editor = ((await t.gql('{ roles { key grants { area level } } }', {}, acme.admin.token)).data!.roles as { key: string; grants: { area: string; level: string }[] }[]).find((r) => r.key === 'EDITOR')!;
    expect(editor.grants).toEqual([{ area: 'AGENT_BUILDER', level: 'WRITE' }, { area: 'AGENTS', level: 'WRITE' }]);
  });
});
