import { Area, Capability, Level, PermissionSet } from '@gatehouse/shared';
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

export function toRoleRecord(role: Role): RoleRecord {
  return {
    id: role.id,
    organizationId: role.organizationId,
    key: role.key,
    name: role.name,
    description: role.description,
    builtIn: role.key !== null,
    permissions: {
      levels: JSON.parse(role.grants) as Partial<Record<Area, Level>>,
      capabilities: JSON.parse(role.capabilities) as Capability[],
    },
  };
}
