import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An admin's choice to be told by mail of every new inquiry (off unless they opt in). */
@Entity('inquiry_mail_preference')
export class InquiryMailPreference {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organizationId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'boolean' })
  newInquiries: boolean;
}
