import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An organization's analytics settings: the time zone its dashboard's days are counted in unless a filter names one. */
@Entity('usage_settings')
export class UsageSettings {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organizationId: string;

  /** IANA name, e.g. Europe/Berlin; UTC until changed. */
  @Column({ type: 'varchar', length: 64 })
  timeZone: string;
}
