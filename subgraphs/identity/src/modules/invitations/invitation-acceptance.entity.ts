import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An invitation (the invitations subgraph's id) identity has acted on: written in the same
 * transaction as the membership it created, so a repeated call for the invitation (a retry after
 * the invitations subgraph failed to record the acceptance) finds it and creates nothing again.
 */
@Entity('invitation_acceptance')
export class InvitationAcceptance {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  invitationId: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  /** The account that accepted (created for it, or an existing one that joined). */
  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  /** True when the account was created by the acceptance. */
  @Column({ type: 'boolean' })
  createdAccount: boolean;

  @Column({ type: 'datetime', precision: 3 })
  acceptedAt: Date;
}
