import { DataSource, In } from 'typeorm';
import { Account } from './account.entity';
import { Organization } from './organization.entity';

export interface OrganizationRecord {
  id: string;
  name: string;
  createdAt: Date;
  designatedSuperAdminId: string;
  pendingApprovalContactEmail: string | null;
}

/** Organizations, with the designated Super Admin's e-mail resolved in the same batch. */
export class OrganizationsService {
  constructor(private readonly dataSource: DataSource) {}

  async byIds(ids: readonly string[]): Promise<OrganizationRecord[]> {
    if (ids.length === 0) return [];
    const organizations = await this.dataSource.getRepository(Organization).findBy({ id: In([...ids]) });
    const admins = await this.dataSource.getRepository(Account).findBy({ id: In(organizations.map((o) => o.designatedSuperAdminId)) });
    const emailById = new Map(admins.map((a) => [a.id, a.email]));
    return organizations.map((o) => ({
      id: o.id,
      name: o.name,
      createdAt: o.createdAt,
      designatedSuperAdminId: o.designatedSuperAdminId,
      pendingApprovalContactEmail: emailById.get(o.designatedSuperAdminId) ?? null,
    }));
  }
}
