import { DataSource } from 'typeorm';
import { dateParameter } from '@gatehouse/shared';
import { Invitation } from '../invitations/invitation.entity';

export interface ExpirySweepOptions {
  dataSource: DataSource;
  /** The subgraph's clock (kit.clock): a test moves it past the 7 days. */
  now: () => number;
  /** Tells subscribers of one expired invitation (after its claim committed). */
  announce: (invitation: Invitation) => void;
  pollMs: number;
  onError?: (error: unknown) => void;
}

/** How many expired invitations one pass claims at most (the next pass takes the rest). */
const batchSize = 100;

/**
 * Notices invitations whose expiry passed, so `invitationChanged` can say EXPIRED (the status
 * itself is computed from `expiresAt` and needs no job). Each is claimed by a conditional update
 * of `expiryAnnouncedAt`: with several instances sweeping the same database, exactly one claims
 * it and announces it. A resend clears the mark (a new expiry), a revoke or accept ends it.
 */
export class ExpirySweep {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> = Promise.resolve(0);

  constructor(private readonly options: ExpirySweepOptions) {}

  /** One pass; concurrent calls in one process queue behind one another. Resolves to how many it announced. */
  sweep(): Promise<number> {
    const next = this.running.then(() => this.pass());
    this.running = next.catch((error) => {
      this.options.onError?.(error);
      return 0;
    });
    return next;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep().catch(() => undefined), this.options.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async pass(): Promise<number> {
    const { dataSource } = this.options;
    const now = this.options.now();
    const at = dateParameter(dataSource, now);
    const due = await dataSource
      .getRepository(Invitation)
      .createQueryBuilder('i')
      .where("i.expiryAnnouncedAt IS NULL AND i.status = 'PENDING' AND i.expiresAt <= :at", { at })
      .orderBy('i.expiresAt', 'ASC')
      .take(batchSize)
      .getMany();
    let announced = 0;
    for (const invitation of due) {
      // Still pending, still expired (no resend in between), and not claimed by another instance.
      const { affected } = await dataSource
        .createQueryBuilder()
        .update(Invitation)
        .set({ expiryAnnouncedAt: new Date(now) })
        .where("id = :id AND expiryAnnouncedAt IS NULL AND status = 'PENDING' AND expiresAt <= :at", { id: invitation.id, at })
        .execute();
      if (!affected) continue;
      announced += 1;
      this.options.announce(invitation);
    }
    return announced;
  }
}
