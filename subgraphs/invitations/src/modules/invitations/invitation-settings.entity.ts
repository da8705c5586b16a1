import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An organization's invitation settings. The row is also what invitation creation locks: invites
 * of one organization are created one transaction at a time, so the hourly limit and the pending
 * check cannot both be passed by two requests at once.
 */
@Entity('invitation_settings')
export class InvitationSettings {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organizationId: string;

  /** How many days a new invitation is valid (1 to 30). */
  @Column({ type: 'int' })
  expiryDays: number;
}
