import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An agent's display name as its latest event gave it (events carry the agent's id and name; breakdowns show the name). */
@Entity('usage_agent')
export class UsageAgent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organizationId: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  agentId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** When the event that named it happened: a late event does not rename an agent back. */
  @Column({ type: 'datetime', precision: 3 })
  namedAt: Date;
}
