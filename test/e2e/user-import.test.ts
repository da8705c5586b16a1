import { randomUUID } from 'node:crypto';
import { errorCodes, SeededMember, SeededOrganization } from '@gatehouse/shared/testing';
import { TestStack, startTestStack } from '../support/test-stack';

const importUsers = `mutation($input: ImportUsersInput!) { importUsers(input: $input) {
  import { id status total processed } rowErrors { line field code } importedUserIds userErrors { code } } }`;

describe('importing users from CSV', () => {
  let t: TestStack;
  let acme: SeededOrganization;
  let admin: SeededMember;
  const total = async () => (await t.gql('{ users { totalCount } }', {}, acme.admin.token)).data!.users.totalCount;
  beforeAll(async () => {
    // A 10,000-row import is one request: on a loaded 2-core machine it can outlast the 10 s default budget.
    t = await startTestStack({ SUBGRAPH_TIMEOUT_MS: '60000' });
    acme = await t.seed.organization('Acme');
    admin = await acme.member('ADMIN', 'Alice');
  });
  afterAll(() => t.stop());

  it('any bad row refuses the whole file and every problem is listed with its line', async () => {
    const before = await total();
    const csv = [
      'email,name,last_name,role,phone',
      'ok@example.com,Okay,Person,Editor,+1 555 0101',
      'not-an-email,Bad,Email,,',
      'dup@example.com,First,Copy,,',
      'DUP@example.com,Second,Copy,,',
      `${acme.admin.email},Taken,Already,,`,
      'role@example.com,Role,Missing,Wizard,',
      'power@example.com,Too,Powerful,Super Admin,',
      'phone@example.com,Bad,Phone,,call me',
      ',,,,',
      'short@example.com,Too,Few',
    ].join('\n');
    const response = await t.gql(importUsers, { input: { csv } }, admin.token);
    expect(response.data!.importUsers.import.status).toBe('REJECTED');
    expect(response.data!.importUsers.rowErrors).toEqual([
      { line: 3, field: 'email', code: 'INVALID_EMAIL' },
      { line: 5, field: 'email', code: 'DUPLICATE_IN_FILE' },
      { line: 6, field: 'email', code: 'EMAIL_TAKEN' },
      { line: 7, field: 'role', code: 'ROLE_NOT_FOUND' },
      { line: 8, field: 'role', code: 'ROLE_EXCEEDS_OWN_PERMISSIONS' },
      { line: 9, field: 'phone', code: 'INVALID_PHONE' },
      { line: 10, field: 'email', code: 'INVALID_EMAIL' },
      { line: 10, field: 'name', code: 'INVALID_NAME' },
      { line: 11, field: null, code: 'WRONG_FIELD_COUNT' },
    ]);
    expect(response.data!.importUsers.importedUserIds).toEqual([]);
    expect(await total()).toBe(before);
  });

  it('a cell longer than 2,000 characters refuses its row without being echoed; a CSV over 5,000,000 characters is BAD_USER_INPUT', async () => {
    const long = `${'x'.repeat(3000)}@example.com`;
    const response = await t.gql(importUsers, { input: { csv: `email,name,job title\n${long},Long,Cell\nok@example.com,Ok,${'t'.repeat(2001)}` } }, admin.token);
    expect(response.data!.importUsers.rowErrors).toEqual([
      { line: 2, field: 'email', code: 'CELL_TOO_LONG' },
      { line: 3, field: 'jobTitle', code: 'CELL_TOO_LONG' },
    ]);
    expect(JSON.stringify(response)).not.toContain('x'.repeat(2001));
    const huge = await t.gql(importUsers, { input: { csv: `email,name\n${'a@example.com,A\n'.repeat(340_000)}` } }, admin.token);
    expect(errorCodes(huge)).toEqual(['BAD_USER_INPUT']);
    expect(huge.errors![0].message).toBe('importUsers(input.csv) is longer than 5,000,000 characters.');
  });

  it('a header without email or name, or with unknown columns, is refused on line 1', async () => {
    const response = await t.gql(importUsers, { input: { csv: 'mail,nickname\na@example.com,A' } }, admin.token);
    expect(response.data!.importUsers.rowErrors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([[1, 'UNKNOWN_COLUMN'], [1, 'MISSING_COLUMN']]);
  });

  it('a dry run validates and imports nothing; the real run imports with roles, and users sign in after a reset', async () => {
    const csv = 'Email,Name,Last Name,Role,Password,Job Title\nann@example.com,Ann,Lee,Editor,a long password 1,Analyst\n"bo@example.com","Bo, Jr.",Ng,,,\n';
    const before = await total();
    const dry = await t.gql(importUsers, { input: { csv, dryRun: true } }, admin.token);
    expect(dry.data!.importUsers).toMatchObject({ import: { status: 'DONE', total: 2, processed: 0 }, rowErrors: [], importedUserIds: [] });
    expect(await total()).toBe(before);

    const real = await t.gql(importUsers, { input: { csv } }, admin.token);
    expect(real.data!.importUsers).toMatchObject({ import: { status: 'DONE', total: 2, processed: 2 }, rowErrors: [] });
    expect(real.data!.importUsers.importedUserIds).toHaveLength(2);
    const users = await t.gql('{ users(filter: { search: "@example.com" }, first: 50) { edges { node { email fullName jobTitle membershipStatus roles { key } } } } }', {}, acme.admin.token);
    const byEmail = Object.fromEntries(users.data!.users.edges.map((e: { node: { email: string } }) => [e.node.email, e.node]));
    expect(byEmail['ann@example.com']).toEqual({ email: 'ann@example.com', fullName: 'Ann Lee', jobTitle: 'Analyst', membershipStatus: 'ACTIVE', roles: [{ key: 'EDITOR' }] });
    expect(byEmail['bo@example.com']).toMatchObject({ fullName: 'Bo, Jr. Ng', roles: [{ key: 'VIEWER' }] });
    expect(await t.seed.logIn('ann@example.com', 'a long password 1')).toEqual(expect.any(String));
    const noPassword = await t.gql('mutation($input: LogInInput!) { logIn(input: $input) { userErrors { code } } }', { input: { email: 'bo@example.com', password: '!imported-without-password' } });
    expect(noPassword.data!.logIn.userErrors).toEqual([{ code: 'INVALID_CREDENTIALS' }]);
  });

  it('only admins import', async () => {
    const viewer = await acme.member('VIEWER', 'Vera');
    expect(errorCodes(await t.gql(importUsers, { input: { csv: 'email,name\nx@example.com,X' } }, viewer.token))).toEqual(['FORBIDDEN']);
  });

  it('imports 10,000 rows in one request, with progress observable while it runs', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `bulk${i}@example.com,Bulk ${i},Member,Viewer`);
    const csv = ['email,name,lastName,role', ...rows].join('\n');
    const importId = randomUUID();
    const started = Date.now();
    const running = t.gql(importUsers, { input: { csv, importId } }, admin.token);
    const seen: string[] = [];
    let done = false;
    void running.then(() => (done = true));
    while (!done) {
      const progress = await t.gql('query($id: ID!) { userImport(id: $id) { status processed total } }', { id: importId }, admin.token);
      const state = progress.data?.userImport;
      if (state) seen.push(`${state.status}:${state.processed}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const response = await running;
    const elapsed = Date.now() - started;
    expect(response.data!.importUsers.import).toEqual({ id: importId, status: 'DONE', total: 10_000, processed: 10_000 });
    expect(response.data!.importUsers.importedUserIds).toHaveLength(10_000);
    // Seen while running: at least one state between the start and the end.
    expect(seen.some((state) => /^IMPORTING:\d+$/.test(state) && !state.endsWith(':10000'))).toBe(true);
    expect((await t.gql('query($id: ID!) { userImport(id: $id) { status processed } }', { id: importId }, admin.token)).data!.userImport).toEqual({ status: 'DONE', processed: 10_000 });
    const viewers = (await t.gql('{ roles { key members(first: 1) { totalCount } } }', {}, admin.token)).data!.roles.find((r: { key: string }) => r.key === 'VIEWER');
    expect(viewers.members.totalCount).toBeGreaterThanOrEqual(10_000);
    console.log(`10,000-row import: ${elapsed} ms; progress seen: ${[...new Set(seen)].slice(0, 8).join(', ')}`);
  }, 120_000);
});
