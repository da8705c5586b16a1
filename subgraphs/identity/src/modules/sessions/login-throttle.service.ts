import { DataSource, EntityManager } from 'typeorm';
import { dateParameter } from '@gatehouse/shared';
import { LoginThrottle } from './login-throttle.entity';

export interface LoginThrottleSettings {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  lockSeconds: number;
  /**
   * How long an attempt waits for those in flight when all of a subject's attempts are taken
   * (well within the gateway's timeout, so the caller gets the answer). Past it, the attempts still
   * counted belong to requests that died half-way: they count as failures, and the subject is
   * locked (its allowance comes back when the lock ends).
   */
  attemptWaitMs: number;
}

interface ThrottledSubject {
  subject: string;
  max: number;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Locks an account, or a client address, after too many failed sign-ins, exactly: a password is
 * checked only after `reserve` has taken one attempt from the allowance of the account and of the
 * address, by a conditional `failures = failures + 1 WHERE failures < max` in the database. So of
 * any number of parallel attempts (in one identity instance or many) at most `max` are checked
 * at once. An attempt that finds them all taken waits for those in flight: if they fail, the lock
 * starts and it is refused; if one succeeds, the count is cleared and it gets its turn (so parallel
 * sign-ins with the right password all succeed). A reserved attempt counts as a failure until a
 * success releases it, so a request that dies half-way errs on the side of the lock.
 */
export class LoginThrottleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: LoginThrottleSettings,
  ) {}

  private subjects(accountId: string | null, address: string): ThrottledSubject[] {
    return [
      ...(accountId ? [{ subject: accountSubject(accountId), max: this.settings.maxFailuresPerAccount }] : []),
      ...(address ? [{ subject: `address:${address.slice(0, 100)}`, max: this.settings.maxFailuresPerAddress }] : []),
    ];
  }

  /**
   * Takes one attempt from the account (when known) and the address, both or neither: false when
   * either is locked. When one has all its attempts in flight, waits for them to be decided.
   */
  async reserve(accountId: string | null, address: string): Promise<boolean> {
    const subjects = this.subjects(accountId, address);
    // Rows are created outside the transaction: on MySQL an INSERT IGNORE inside it would take gap locks.
    for (const { subject } of subjects) {
      await this.dataSource.createQueryBuilder().insert().into(LoginThrottle).values({ subject, failures: 0, lockedUntil: null }).orIgnore().execute();
    }
    const giveUpAt = Date.now() + this.settings.attemptWaitMs;
    for (let waitMs = 10; ; waitMs = Math.min(waitMs * 2, 200)) {
      const full = await this.reserveAll(subjects);
      if (!full) return true;
      if (await this.isLocked(full.subject)) return false;
      if (Date.now() >= giveUpAt) {
        await this.lock(full.subject);
        return false;
      }
      await pause(waitMs);
    }
  }

  /** One attempt from every subject in one transaction; the subject that had none left, if any (then nothing is taken). */
  private async reserveAll(subjects: ThrottledSubject[]): Promise<ThrottledSubject | null> {
    try {
      await this.dataSource.transaction(async (manager) => {
        // Always the account before the address: concurrent reservations take row locks in one order, so never deadlock.
        for (const subject of subjects) {
          // Throwing rolls back the attempt already taken from the account when the address has none left.
          if (!(await this.reserveOne(manager, subject))) throw new NoAttemptLeft(subject);
        }
      });
      return null;
    } catch (error) {
      if (error instanceof NoAttemptLeft) return error.subject;
      throw error;
    }
  }

  private async isLocked(subject: string): Promise<boolean> {
    const row = await this.dataSource.getRepository(LoginThrottle).findOneBy({ subject });
    return row?.lockedUntil != null && row.lockedUntil.getTime() > Date.now();
  }

  private async lock(subject: string): Promise<void> {
    const now = dateParameter(this.dataSource, Date.now());
    await this.dataSource
      .createQueryBuilder()
      .update(LoginThrottle)
      .set({ lockedUntil: new Date(Date.now() + this.settings.lockSeconds * 1000) })
      .where('subject = :subject AND (lockedUntil IS NULL OR lockedUntil <= :now)', { subject, now })
      .execute();
  }

  private async reserveOne(manager: EntityManager, { subject, max }: ThrottledSubject): Promise<boolean> {
    const now = dateParameter(this.dataSource, Date.now());
    const reserved = await manager
      .createQueryBuilder()
      .update(LoginThrottle)
      // `failures` is assigned first: MySQL evaluates SET left to right with the new values, and
      // it must still see the old lock. A lock that has ended starts a fresh allowance.
      .set({ failures: () => 'CASE WHEN lockedUntil IS NULL THEN failures + 1 ELSE 1 END', lockedUntil: () => 'NULL' })
      .where('subject = :subject', { subject })
      .andWhere('((lockedUntil IS NULL AND failures < :max) OR lockedUntil <= :now)', { max, now })
      .execute();
    return reserved.affected === 1;
  }

  /** The reserved attempt failed: it stays counted, and the account or address that reached its limit is locked. */
  async recordFailure(accountId: string | null, address: string): Promise<void> {
    const lockedUntil = new Date(Date.now() + this.settings.lockSeconds * 1000);
    for (const { subject, max } of this.subjects(accountId, address)) {
      // The first failure to reach the limit starts the lock; the others in flight do not extend it.
      await this.dataSource
        .createQueryBuilder()
        .update(LoginThrottle)
        .set({ lockedUntil })
        .where('subject = :subject AND failures >= :max AND lockedUntil IS NULL', { subject, max })
        .execute();
    }
  }

  /** The reserved attempt succeeded: the account's count is cleared, and the address gets its attempt back (it keeps its failures). */
  async recordSuccess(accountId: string, address: string): Promise<void> {
    await this.dataSource.getRepository(LoginThrottle).update({ subject: accountSubject(accountId) }, { failures: 0 });
    const [addressSubject] = this.subjects(null, address);
    if (!addressSubject) return;
    await this.dataSource
      .createQueryBuilder()
      .update(LoginThrottle)
      .set({ failures: () => 'failures - 1' })
      .where('subject = :subject AND failures > 0', { subject: addressSubject.subject })
      .execute();
  }
}

function accountSubject(accountId: string): string {
  return `account:${accountId}`;
}

class NoAttemptLeft extends Error {
  constructor(readonly subject: ThrottledSubject) {
    super(`no attempt left for ${subject.subject}`);
  }
}
