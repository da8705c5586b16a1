import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { Transporter } from 'nodemailer';
import { DataSource, EntityManager, IsNull, LessThanOrEqual } from 'typeorm';
import { MailMessage } from './mail-message.entity';

export interface MailSettings {
  smtpUrl: string | null;
  from: string;
  dataDir: string;
  pollMs: number;
}

/** Queues a message inside the caller's transaction. */
export async function queueMail(manager: EntityManager, message: { to: string; subject: string; body: string }): Promise<void> {
  const now = new Date();
  await manager.insert(MailMessage, { id: randomUUID(), recipient: message.to, subject: message.subject, body: message.body, createdAt: now, nextAttemptAt: now, attempts: 0, sentAt: null, lastError: null });
}

/**
 * Delivers queued mail: over SMTP when configured, otherwise as .eml files under
 * `<dataDir>/mail/` (embedded mode). Failures back off and retry; nothing queued is dropped.
 */
export class MailSender {
  private readonly transport: Transporter;
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: MailSettings,
    private readonly log: (message: string, detail?: unknown) => void = () => undefined,
  ) {
    if (settings.smtpUrl) {
      this.transport = nodemailer.createTransport(settings.smtpUrl);
    } else {
      mkdirSync(join(settings.dataDir, 'mail'), { recursive: true });
      this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
  }

  /** Sends what is due now; concurrent calls queue behind one another. */
  flush(): Promise<void> {
    const next = this.running.then(() => this.sendDue());
    this.running = next.catch((error) => this.log('mail delivery failed', error));
    return this.running;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.settings.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    this.transport.close();
  }

  private async sendDue(): Promise<void> {
    const repository = this.dataSource.getRepository(MailMessage);
    const due = await repository.find({ where: { sentAt: IsNull(), nextAttemptAt: LessThanOrEqual(new Date()) }, order: { createdAt: 'ASC' }, take: 50 });
    for (const message of due) {
      try {
        const info = await this.transport.sendMail({ from: this.settings.from, to: message.recipient, subject: message.subject, text: message.body });
        if (!this.settings.smtpUrl) {
          await writeFile(join(this.settings.dataDir, 'mail', `${message.createdAt.toISOString().replace(/[:.]/g, '-')}-${message.id}.eml`), (info as { message: Buffer }).message);
        }
        await repository.update({ id: message.id }, { sentAt: new Date(), attempts: message.attempts + 1, lastError: null });
      } catch (error) {
        const attempts = message.attempts + 1;
        const backoffMs = Math.min(60 * 60_000, 2 ** attempts * 1000);
        await repository.update({ id: message.id }, { attempts, lastError: String(error).slice(0, 500), nextAttemptAt: new Date(Date.now() + backoffMs) });
        this.log(`mail to ${message.recipient} failed (attempt ${attempts}); retrying`, error);
      }
    }
  }
}
