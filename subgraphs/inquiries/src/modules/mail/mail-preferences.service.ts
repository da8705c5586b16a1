import { DataSource } from 'typeorm';
import { MemberViewer } from '@gatehouse/shared';
import { InquiryMailPreference } from './inquiry-mail-preference.entity';

/** Whether an admin is told by mail of every new inquiry (off until they opt in). */
export class MailPreferencesService {
  constructor(private readonly dataSource: DataSource) {}

  async of(admin: MemberViewer): Promise<boolean> {
    const row = await this.dataSource.getRepository(InquiryMailPreference).findOne({ where: { organizationId: admin.organizationId, accountId: admin.accountId } });
    return row?.newInquiries ?? false;
  }

  async set(admin: MemberViewer, newInquiries: boolean): Promise<boolean> {
    await this.dataSource.getRepository(InquiryMailPreference).upsert({ organizationId: admin.organizationId, accountId: admin.accountId, newInquiries }, ['organizationId', 'accountId']);
    return newInquiries;
  }
}
