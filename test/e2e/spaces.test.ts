import { SeededMember, SeededOrganization, errorCodes } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const createSpace = `mutation($input: CreateSpaceInput!) { createSpace(input: $input) { space { id name description archived } userErrors { code field } } }`;
const updateSpace = `mutation($input: UpdateSpaceInput!) { updateSpace(input: $input) { space { id name } userErrors { code } } }`;
const archiveSpace = `mutation($input: SpaceIdInput!) { archiveSpace(input: $input) { space { archived archivedAt } userErrors { code } } }`;
const restoreSpace = `mutation($input: SpaceIdInput!) { restoreSpace(input: $input) { space { archived } userErrors { code } } }`;
const roleChange = (mutation: string) => `mutation($input: RoleChangeInput!) { ${mutation}(input: $input) { userErrors { code field } } }`;
const mySpaces = '{ viewer { spaces { id name } } }';

describe('spaces (subtenants)', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let builder: SeededMember;
  const ids: Record<string, string> = {};
  const errorsOf = (response: { data?: Record<string, { userErrors: { code: string }[] }> | null }, field: string) => response.data![field].userErrors.map((e) => e.code);
  const spaceNames = async (token: string) => ((await t.gql(mySpaces, {}, token)).data!.viewer.spaces as { name: string }[]).map((s) => s.name).sort();

  beforeAll(async () => {
    t = await startTestStack();
    acme = await t.seed.organization('Acme');
    builder = await acme.member('EDITOR', 'Bea');
    for (const name of ['Marketing', 'Research', 'Sales']) {
      const response = await t.gql(createSpace, { input: { name, description: `${name} agents` } }, acme.admin.token);
      ids[name] = response.data!.createSpace.space.id;
    }
  });
  afterAll(() => t.stop());

  it('creates, renames, lists with search and counts', async () => {
    const renamed = await t.gql(updateSpace, { input: { spaceId: ids.Sales, name: 'Sales EMEA' } }, acme.admin.token);
    expect(renamed.data!.updateSpace).toEqual({ space: { id: ids.Sales, name: 'Sales EMEA' }, userErrors: [] });
    const all = await t.gql('{ spaces(first: 2) { totalCount edges { node { name description } } pageInfo { hasNextPage endCursor } } }', {}, acme.admin.token);
    expect(all.data!.spaces.totalCount).toBe(3);
    expect(all.data!.spaces.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Marketing', 'Research']);
    const next = await t.gql('query($after: String) { spaces(first: 2, after: $after) { edges { node { name } } pageInfo { hasNextPage } } }', { after: all.data!.spaces.pageInfo.endCursor }, acme.admin.token);
    expect(next.data!.spaces).toEqual({ edges: [{ node: { name: 'Sales EMEA' } }], pageInfo: { hasNextPage: false } });
    const searched = await t.gql('{ spaces(filter: { search: "sEaRc" }) { edges { node { name } } } }', {}, acme.admin.token);
    expect(searched.data!.spaces.edges).toEqual([{ node: { name: 'Research' } }]);
  });

  it('refuses bad names and duplicates (any case) and changes nothing', async () => {
    expect(errorsOf(await t.gql(createSpace, { input: { name: 'marketing' } }, acme.admin.token), 'createSpace')).toEqual(['SPACE_NAME_TAKEN']);
    expect(errorsOf(await t.gql(createSpace, { input: { name: '  ' } }, acme.admin.token), 'createSpace')).toEqual(['INVALID_NAME']);
    expect(errorsOf(await t.gql(createSpace, { input: { name: 'x'.repeat(101) } }, acme.admin.token), 'createSpace')).toEqual(['INVALID_NAME']);
    expect(errorsOf(await t.gql(updateSpace, { input: { spaceId: ids.Research, name: 'MARKETING' } }, acme.admin.token), 'updateSpace')).toEqual(['SPACE_NAME_TAKEN']);
    expect((await t.gql('{ spaces { totalCount } }', {}, acme.admin.token)).data!.spaces.totalCount).toBe(3);
  });

  it('only space administrators manage spaces', async () => {
    expect(errorCodes(await t.gql(createSpace, { input: { name: 'Mine' } }, builder.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.gql('{ spaces { totalCount } }', {}, builder.token))).toEqual(['FORBIDDEN']);
  });

  it('a member with an organization-wide role sees every live space; with space roles only, just those', async () => {
    expect(await spaceNames(acme.admin.token)).toEqual(['Marketing', 'Research', 'Sales EMEA']);
    expect(await spaceNames(builder.token)).toEqual(['Marketing', 'Research', 'Sales EMEA']);
    const editorRole = await acme.roleId('EDITOR');
    expect(errorsOf(await t.gql(roleChange('assignRole'), { input: { userId: builder.accountId, roleId: editorRole, spaceId: ids.Research } }, acme.admin.token), 'assignRole')).toEqual([]);
    expect(errorsOf(await t.gql(roleChange('revokeRole'), { input: { userId: builder.accountId, roleId: editorRole } }, acme.admin.token), 'revokeRole')).toEqual([]);
    expect(await spaceNames(builder.token)).toEqual(['Research']);
    const asAdmin = await t.gql('query($id: ID!) { user(id: $id) { spaces { name } roles { key } } }', { id: builder.accountId }, acme.admin.token);
    expect(asAdmin.data!.user).toEqual({ spaces: [{ name: 'Research' }], roles: [] });
  });

  it('archiving hides a space from members and closes it to new assignments; restoring brings it back', async () => {
    const archived = await t.gql(archiveSpace, { input: { spaceId: ids.Research } }, acme.admin.token);
    expect(archived.data!.archiveSpace).toMatchObject({ space: { archived: true, archivedAt: expect.any(String) }, userErrors: [] });
    expect(await spaceNames(builder.token)).toEqual([]);
    expect(await spaceNames(acme.admin.token)).toEqual(['Marketing', 'Sales EMEA']);
    const viewerRole = await acme.roleId('VIEWER');
    expect(errorsOf(await t.gql(roleChange('assignRole'), { input: { userId: builder.accountId, roleId: viewerRole, spaceId: ids.Research } }, acme.admin.token), 'assignRole')).toEqual(['SPACE_ARCHIVED']);
    const listed = await t.gql('{ spaces(filter: { includeArchived: true }) { totalCount } live: spaces { totalCount } }', {}, acme.admin.token);
    expect(listed.data).toEqual({ spaces: { totalCount: 3 }, live: { totalCount: 2 } });
    expect((await t.gql(restoreSpace, { input: { spaceId: ids.Research } }, acme.admin.token)).data!.restoreSpace.space.archived).toBe(false);
    expect(await spaceNames(builder.token)).toEqual(['Research']);
  });

  it('never reaches a space of another organization', async () => {
    const globex = await t.seed.organization('Globex');
    const theirs = (await t.gql(createSpace, { input: { name: 'Secret lab' } }, globex.admin.token)).data!.createSpace.space.id;
    expect((await t.gql('query($id: ID!) { space(id: $id) { name } }', { id: theirs }, acme.admin.token)).data!.space).toBeNull();
    expect(errorsOf(await t.gql(updateSpace, { input: { spaceId: theirs, name: 'Mine now' } }, acme.admin.token), 'updateSpace')).toEqual(['SPACE_NOT_FOUND']);
    expect(errorsOf(await t.gql(archiveSpace, { input: { spaceId: theirs } }, acme.admin.token), 'archiveSpace')).toEqual(['SPACE_NOT_FOUND']);
    const role = await acme.roleId('VIEWER');
    expect(errorsOf(await t.gql(roleChange('assignRole'), { input: { userId: builder.accountId, roleId: role, spaceId: theirs } }, acme.admin.token), 'assignRole')).toEqual(['SPACE_NOT_FOUND']);
    expect((await t.gql('{ spaces(filter: { includeArchived: true }) { edges { node { name } } } }', {}, globex.admin.token)).data!.spaces.edges).toEqual([{ node: { name: 'Secret lab' } }]);
  });

  it('space changes and scoped role changes are in the audit log', async () => {
    const log = await t.gql('{ auditLog(filter: { actions: [SPACE_CREATED, SPACE_RENAMED, SPACE_ARCHIVED, SPACE_RESTORED, ROLE_CHANGE] }) { edges { node { action targetId details } } } }', {}, acme.admin.token);
    const entries = log.data!.auditLog.edges.map((e: { node: { action: string; targetId: string; details: Record<string, unknown> } }) => e.node);
    expect(entries.filter((e: { action: string }) => e.action.startsWith('SPACE_')).map((e: { action: string }) => e.action).reverse()).toEqual(['SPACE_CREATED', 'SPACE_CREATED', 'SPACE_CREATED', 'SPACE_RENAMED', 'SPACE_ARCHIVED', 'SPACE_RESTORED']);
    const scoped = entries.find((e: { details: Record<string, unknown> }) => e.details.scope === 'SPACE');
    expect(scoped).toMatchObject({ action: 'ROLE_CHANGE', targetId: builder.accountId, details: { spaceId: ids.Research, roleName: 'Editor', change: 'ASSIGNED', rolesBefore: [], rolesAfter: ['Editor'] } });
  });
});
