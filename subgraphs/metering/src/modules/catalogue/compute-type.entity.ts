import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One kind of compute the usage chart stacks (the catalogue is data: rows, not an enum). */
@Entity('compute_type')
export class ComputeType {
  /** What events name it by, e.g. LLM. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  key: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** The chart's color, #RRGGBB. */
  @Column({ type: 'varchar', length: 7 })
  color: string;

  /** Where it sits in the legend and the stack. */
  @Column({ type: 'int' })
  position: number;
}
