import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed sign-ins counted per account (`account:<id>`) and per client address (`address:<ip>`). */
@Entity('login_throttle')
export class LoginThrottle {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  subject: string;

  /** Attempts taken since the last success or the last lock's end: failures, and attempts still being checked. */
  @Column({ type: 'int', default: 0 })
  failures: number;

  /** While in the future, every sign-in for the subject is refused as if the password were wrong. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  lockedUntil: Date | null;
}
