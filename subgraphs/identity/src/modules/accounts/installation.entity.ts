import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row, id 1, written by the very first sign-up. Its primary key makes "the first sign-up on
 * an empty install" a single winner even when two arrive at once.
 */
@Entity('installation')
export class Installation {
  @PrimaryColumn({ type: 'int' })
  id: number;

  /** The organization self sign-ups join (as PENDING) unless they create their own. */
  @Column({ type: 'varchar', length: 36 })
  primaryOrganizationId: string;
}
