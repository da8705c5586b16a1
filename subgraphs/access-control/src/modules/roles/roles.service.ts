import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull, LessThan, Not } from 'typeorm';
import { PermissionSet, areasAddedIn, builtInRoles, catalogueVersion, defaultRoleKey } from '@gatehouse/shared';
import { OrganizationSettings } from '../members/organization-settings.entity';
import { Role } from './role.entity';
import { RoleRecord, toRoleRecord } from './role-record';

/**
 * The organization's role definitions: listing them, the built-in roles every organization is
 * seeded with (and gains as the catalogue grows). Who holds which role is RoleAssignmentsService's;
 * creating and editing roles is CustomRolesService's.
 */
export class RolesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(organizationId: string): Promise<RoleRecord[]> {
    const roles = await this.dataSource.getRepository(Role).find({ where: { organizationId }, order: { position: 'ASC', name: 'ASC' } });
    return roles.map(toRoleRecord);
  }

  /**
   * A new organization: its built-in roles, Viewer as the default role. Idempotent: the first
   * user's membership event may be handled first (by another instance) and seed it itself.
   */
  async seedOrganization(manager: EntityManager, organizationId: string, firstAccountId: string): Promise<void> {
    if (await manager.existsBy(OrganizationSettings, { organizationId })) return;
    const now = new Date();
    const ids = new Map<string, string>();
    const rows = builtInRoles.map((definition, position) => this.builtInRow(organizationId, definition, position, now));
    rows.forEach((row) => ids.set(row.key, row.id));
    await manager.insert(Role, rows.map((row) => ({ ...row })));
    await manager.insert(OrganizationSettings, { organizationId, defaultRoleId: ids.get(defaultRoleKey)!, designatedSuperAdminId: firstAccountId, catalogueVersion });
  }

  /**
   * Gives every organization the built-in roles the catalogue has gained since it was seeded
   * (run at start; idempotent, and safe with several instances starting at once).
   */
  async ensureBuiltInRoles(): Promise<number> {
    await this.addNewAreasToBuiltInRoles();
    // The usual start: every organization already has every built-in role (two counts, no scan).
    const keys = builtInRoles.map((r) => r.key);
    const [organizationCount, builtInCount] = await Promise.all([
      this.dataSource.getRepository(OrganizationSettings).count(),
      this.dataSource.getRepository(Role).countBy({ key: In(keys) }),
    ]);
    if (builtInCount >= organizationCount * keys.length) return 0;
    const organizations = (await this.dataSource.getRepository(OrganizationSettings).find({ select: { organizationId: true } })).map((s) => s.organizationId);
    const present = await this.dataSource.getRepository(Role).createQueryBuilder('r').select(['r.organizationId', 'r.key']).where('r.key IS NOT NULL').getMany();
    const have = new Set(present.map((r) => `${r.organizationId}:${r.key}`));
    const now = new Date();
    const missing = organizations.flatMap((organizationId) =>
      builtInRoles.flatMap((definition, position) => (have.has(`${organizationId}:${definition.key}`) ? [] : [this.builtInRow(organizationId, definition, position, now)])),
    );
    for (let i = 0; i < missing.length; i += 500) await this.dataSource.createQueryBuilder().insert().into(Role).values(missing.slice(i, i + 500)).orIgnore().execute();
    return missing.length;
  }

  /** Built-in roles of organizations seeded under an older catalogue get the areas added since, as defined. */
  private async addNewAreasToBuiltInRoles(): Promise<void> {
    const stale = await this.dataSource.getRepository(OrganizationSettings).find({ where: { catalogueVersion: LessThan(catalogueVersion) } });
    for (const settings of stale) {
      await this.dataSource.transaction(async (manager) => {
        const added = Object.entries(areasAddedIn).filter(([version]) => Number(version) > settings.catalogueVersion).flatMap(([, areas]) => areas);
        for (const role of await manager.findBy(Role, { organizationId: settings.organizationId, key: Not(IsNull()) })) {
          const definition = builtInRoles.find((d) => d.key === role.key);
          if (!definition) continue;
          const grants = JSON.parse(role.grants) as Record<string, string>;
          for (const area of added) if (definition.grants[area] && !grants[area]) grants[area] = definition.grants[area]!;
          await manager.update(Role, { id: role.id }, { grants: JSON.stringify(grants) });
        }
        await manager.update(OrganizationSettings, { organizationId: settings.organizationId, catalogueVersion: settings.catalogueVersion }, { catalogueVersion });
      });
    }
  }

  private builtInRow(organizationId: string, definition: (typeof builtInRoles)[number], position: number, createdAt: Date) {
    return {
      id: randomUUID(),
      organizationId,
      key: definition.key,
      name: definition.name,
      description: definition.description,
      grants: JSON.stringify(definition.grants),
      capabilities: JSON.stringify(definition.capabilities),
      position,
      createdAt,
    };
  }

  /** A role's permissions, for identity's check that an admin may grant it to a user they create. */
  async rolePermissions(organizationId: string, roleId: string): Promise<PermissionSet | null> {
    const role = await this.dataSource.getRepository(Role).findOneBy({ id: roleId, organizationId });
    return role ? toRoleRecord(role).permissions : null;
  }
}
