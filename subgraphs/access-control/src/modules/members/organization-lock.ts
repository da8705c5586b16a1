import { EntityManager } from 'typeorm';
import { findLocked } from '@gatehouse/shared';
import { OrganizationSettings } from './organization-settings.entity';

/**
 * Role, group and security profile names are unique in an organization (any case). A transaction
 * that checks a name and then writes it takes this lock first, so two at once cannot both pass the check.
 */
export async function lockOrganizationNames(manager: EntityManager, organizationId: string): Promise<void> {
  await findLocked(manager, OrganizationSettings, { organizationId });
}
