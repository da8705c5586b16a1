import { DataSource, In } from 'typeorm';
import { LoginThrottle } from './login-throttle.entity';

export interface LoginThrottleSettings {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  lockSeconds: number;
}

/**
 * Locks an account, or a client address, after too many failed sign-ins. Each failure is one
 * atomic `failures = failures + 1` in the database, so parallel attempts are all counted and the
 * lock holds across every identity instance.
 */
export class LoginThrottleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: LoginThrottleSettings,
  ) {}

  private subjects(accountId: string | null, address: string): { subject: string; max: number }[] {
    return [
      ...(accountId ? [{ subject: `account:${accountId}`, max: this.settings.maxFailuresPerAccount }] : []),
      ...(address ? [{ subject: `address:${address.slice(0, 100)}`, max: this.settings.maxFailuresPerAddress }] : []),
    ];
  }

  /** True while the account or the address is locked. */
  async isLocked(accountId: string | null, address: string): Promise<boolean> {
    const subjects = this.subjects(accountId, address).map((s) => s.subject);
    if (subjects.length === 0) return false;
    const rows = await this.dataSource.getRepository(LoginThrottle).findBy({ subject: In(subjects) });
    const now = Date.now();
    return rows.some((row) => row.lockedUntil !== null && row.lockedUntil.getTime() > now);
  }

  /** Counts a failure against the account (when known) and the address; locks those over the limit. */
  async recordFailure(accountId: string | null, address: string): Promise<void> {
    const repository = this.dataSource.getRepository(LoginThrottle);
    for (const { subject, max } of this.subjects(accountId, address)) {
      await repository.createQueryBuilder().insert().into(LoginThrottle).values({ subject, failures: 0, lockedUntil: null }).orIgnore().execute();
      await repository.createQueryBuilder().update(LoginThrottle).set({ failures: () => 'failures + 1' }).where('subject = :subject', { subject }).execute();
      const lockedUntil = new Date(Date.now() + this.settings.lockSeconds * 1000);
      // Starting the lock resets the count, so after it ends the subject gets a fresh allowance.
      await repository
        .createQueryBuilder()
        .update(LoginThrottle)
        .set({ lockedUntil, failures: 0 })
        .where('subject = :subject AND failures >= :max', { subject, max })
        .execute();
    }
  }

  /** A successful sign-in clears the account's count (the address keeps its own). */
  async recordSuccess(accountId: string): Promise<void> {
    await this.dataSource.getRepository(LoginThrottle).update({ subject: `account:${accountId}` }, { failures: 0 });
  }
}
