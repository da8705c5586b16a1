import { postGraphQL } from './graphql-client';

export interface SeededMember {
  accountId: string;
  organizationId: string;
  email: string;
  password: string;
  token: string;
}

const signUpMutation = `mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { membershipStatus session { accessToken accountId organizationId } userErrors { code message } }
}`;
const logInMutation = `mutation LogIn($input: LogInInput!) {
  logIn(input: $input) { session { accessToken accountId organizationId } userErrors { code message } }
}`;

let counter = 0;
const uniqueEmail = (label: string) => `${label.replace(/[^a-z0-9]+/gi, '-')}.${Date.now().toString(36)}.${(counter += 1)}@example.com`;

/**
 * Builds test data through the public API only:
 * `const acme = await seed.organization('Acme'); const viewer = await acme.member('VIEWER');`
 */
export class Seed {
  constructor(private readonly gatewayUrl: string) {}

  async signUp(input: { email?: string; password?: string; name?: string; lastName?: string; organizationName?: string | null }): Promise<SeededMember & { membershipStatus: string }> {
    const email = input.email ?? uniqueEmail(input.name?.toLowerCase() ?? 'user');
    const password = input.password ?? 'correct horse battery staple';
    const response = await postGraphQL(this.gatewayUrl, signUpMutation, {
      input: { email, password, name: input.name ?? 'Test', lastName: input.lastName, organizationName: input.organizationName },
    });
    const payload = response.data?.signUp;
    if (!payload?.session) throw new Error(`sign-up failed: ${JSON.stringify(response)}`);
    return { ...payload.session, token: payload.session.accessToken, email, password, membershipStatus: payload.membershipStatus };
  }

  async logIn(email: string, password: string): Promise<string> {
    const response = await postGraphQL(this.gatewayUrl, logInMutation, { input: { email, password } });
    const token = response.data?.logIn?.session?.accessToken;
    if (!token) throw new Error(`log-in failed: ${JSON.stringify(response)}`);
    return token;
  }

  /** A new organization whose first user (Super Admin, designated SA) is `admin`. */
  async organization(name: string): Promise<SeededOrganization> {
    const admin = await this.signUp({ name: `${name} Admin`, organizationName: name });
    return new SeededOrganization(this, this.gatewayUrl, admin);
  }
}

export class SeededOrganization {
  constructor(
    private readonly seed: Seed,
    private readonly gatewayUrl: string,
    readonly admin: SeededMember,
  ) {}

  get id(): string {
    return this.admin.organizationId;
  }

  /** Role id by built-in key (SUPER_ADMIN, ADMIN, EDITOR, VIEWER). */
  async roleId(key: string): Promise<string> {
    const response = await postGraphQL(this.gatewayUrl, '{ roles { id key } }', {}, { token: this.admin.token });
    const role = response.data?.roles?.find((r: { key: string }) => r.key === key);
    if (!role) throw new Error(`no role ${key}: ${JSON.stringify(response)}`);
    return role.id;
  }

  /**
   * A member of this organization, activated by the admin, holding `roleKey` (instead of the
   * default role). Only the primary organization takes self sign-ups, so this needs it.
   */
  async member(roleKey: string | null, name = 'Member'): Promise<SeededMember> {
    const joined = await this.seed.signUp({ name });
    if (joined.organizationId !== this.id) throw new Error('members can only join the primary organization by signing up');
    const activate = await postGraphQL(
      this.gatewayUrl,
      'mutation($input: SetMembershipStatusInput!) { setMembershipStatus(input: $input) { userErrors { code } } }',
      { input: { userId: joined.accountId, status: 'ACTIVE' } },
      { token: this.admin.token },
    );
    if (activate.errors || activate.data?.setMembershipStatus.userErrors.length) throw new Error(`activation failed: ${JSON.stringify(activate)}`);
    if (roleKey && roleKey !== 'VIEWER') {
      const change = async (mutation: string, roleId: string) => {
        const response = await postGraphQL(this.gatewayUrl, `mutation($input: RoleChangeInput!) { ${mutation}(input: $input) { userErrors { code } } }`, { input: { userId: joined.accountId, roleId } }, { token: this.admin.token });
        if (response.errors || response.data?.[mutation].userErrors.length) throw new Error(`${mutation} failed: ${JSON.stringify(response)}`);
      };
      await change('assignRole', await this.roleId(roleKey));
      await change('revokeRole', await this.roleId('VIEWER'));
    }
    return joined;
  }
}
