import { Area, BuiltInRoleKey, Capability, Level, PermissionSet, allAreas, allCapabilities } from '@gatehouse/shared';
import { Role } from './role.entity';

/** A role as services and resolvers see it: grants parsed. */
export interface RoleRecord {
  id: string;
  organizationId: string;
  key: string | null;
  name: string;
  description: string;
  builtIn: boolean;
  permissions: PermissionSet;
}

/** Super Admin holds everything the catalogue has, including areas added after the organization was seeded. */
const everything: PermissionSet = { levels: Object.fromEntries(allAreas.map((area) => [area, Level.WRITE])), capabilities: [...allCapabilities] };

export function toRoleRecord(role: Role): RoleRecord {
  return {
    id: role.id,
    organizationId: role.organizationId,
    key: role.key,
    name: role.name,
    description: role.description,
    builtIn: role.key !== null,
    permissions:
      role.key === BuiltInRoleKey.SUPER_ADMIN
        ? everything
        : { levels: JSON.parse(role.grants) as Partial<Record<Area, Level>>, capabilities: JSON.parse(role.capabilities) as Capability[] },
  };
}
