import { builtInRoles, BuiltInRoleKey } from './built-in-roles';
import { Area, Capability, Level } from './catalogue';
import { permissionsCover, unionOfGrants } from './effective-permissions';

const role = (key: BuiltInRoleKey) => {
  const r = builtInRoles.find((x) => x.key === key)!;
  return { levels: r.grants, capabilities: r.capabilities };
};

describe('effective permissions', () => {
  it('the union keeps the most permissive level per area and every capability', () => {
    const union = unionOfGrants([
      { levels: { DASHBOARD: Level.READ, BILLING: Level.WRITE }, capabilities: [Capability.CHAT_WEB_SEARCH] },
      { levels: { DASHBOARD: Level.WRITE, VAULT: Level.NONE }, capabilities: [Capability.SHARE_WITH_USERS] },
    ]);
    expect(union).toEqual({ levels: { DASHBOARD: Level.WRITE, BILLING: Level.WRITE }, capabilities: [Capability.CHAT_WEB_SEARCH, Capability.SHARE_WITH_USERS] });
  });

  it('Super Admin covers every role; Admin does not cover Super Admin; Viewer covers only itself', () => {
    for (const key of Object.values(BuiltInRoleKey)) expect(permissionsCover(role(BuiltInRoleKey.SUPER_ADMIN), role(key))).toBe(true);
    expect(permissionsCover(role(BuiltInRoleKey.ADMIN), role(BuiltInRoleKey.SUPER_ADMIN))).toBe(false);
    expect(permissionsCover(role(BuiltInRoleKey.ADMIN), role(BuiltInRoleKey.EDITOR))).toBe(true);
    expect(permissionsCover(role(BuiltInRoleKey.VIEWER), role(BuiltInRoleKey.EDITOR))).toBe(false);
  });

  it("the built-in roles follow SmythOS's matrix", () => {
    expect(role(BuiltInRoleKey.VIEWER).levels[Area.ANALYTICS]).toBe(Level.READ);
    expect(role(BuiltInRoleKey.EDITOR).levels[Area.TEAM_MEMBERS]).toBe(Level.READ);
    expect(role(BuiltInRoleKey.ADMIN).levels[Area.BILLING]).toBe(Level.READ);
    expect(role(BuiltInRoleKey.ADMIN).levels[Area.TEAM_ROLES]).toBe(Level.WRITE);
  });
});
