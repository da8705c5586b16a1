import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The last snapshot a directory sent, kept to tell what has drifted since. */
@Entity('directory_snapshot')
@Index('uq_directory_snapshot', ['organizationId', 'source'], { unique: true })
export class DirectorySnapshot {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  organizationId: string;

  @Column({ type: 'varchar', length: 20 })
  source: string;

  @Column({ type: 'datetime', precision: 3 })
  syncedAt: Date;
}

/**
 * The snapshot's JSON in pieces: one TEXT column holds 64 KB on MySQL, a directory's export many
 * megabytes; chunks keep one column type for SQLite and MySQL alike.
 */
@Entity('directory_snapshot_chunk')
export class DirectorySnapshotChunk {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  snapshotId: string;

  @PrimaryColumn({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  data: string;
}
