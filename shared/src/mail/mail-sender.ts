import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { Transporter } from 'nodemailer';
import { DataSource, IsNull, LessThanOrEqual } from 'typeorm';
import { MailMessage } from './mail-message.entity';

export interface MailSettings {
  /** The sending subgraph: part of each .eml file's name. */
  subgraph: string;
  smtpUrl: string | null;
  from: string;
  dataDir: string;
  pollMs: number;
}

/** Where mail goes without SMTP: one folder for every subgraph of the install, as people look in one place. */
export function mailFolder(dataDir: string): string {
  return join(dataDir, 'mail');
}

/**
 * The .eml file of a message: sorted by time across subgraphs, naming who sent it; the message's
 * UUID keeps it unique in the shared folder, and a message sent again (a crash after the write,
 * before it was marked sent) overwrites its own file instead of adding a second one.
 */
export function mailFileName(subgraph: string, message: Pick<MailMessage, 'id' | 'createdAt'>): string {
  return `${message.createdAt.toISOString().replace(/[:.]/g, '-')}-${subgraph}-${message.id}.eml`;
}

/**
 * Delivers a subgraph's queued mail: over SMTP when configured, otherwise as .eml files under
 * `<dataDir>/mail/` (embedded mode). Failures back off and retry; nothing queued is dropped.
 */
/** Messages one flush sends. */
const sendBatch = 50;

export class MailSender {
  private readonly transport: Transporter;
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: MailSettings,
    private readonly log: (message: string, detail?: unknown) => void = () => undefined,
  ) {
    if (settings.smtpUrl) {
      this.transport = nodemailer.createTransport(settings.smtpUrl);
    } else {
      mkdirSync(mailFolder(settings.dataDir), { recursive: true });
      this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
  }

  /**
   * Sends what is due now, a batch of 50 (the caller waits for that one; more, as after a bulk
   * invite, go out in the background right after); concurrent calls queue behind one another.
   */
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
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    this.transport.close();
  }

  private async sendDue(): Promise<void> {
    const repository = this.dataSource.getRepository(MailMessage);
    const due = await repository.find({ where: { sentAt: IsNull(), nextAttemptAt: LessThanOrEqual(new Date()) }, order: { createdAt: 'ASC' }, take: sendBatch });
    // A full batch: there may be more; send them next, without holding up the caller of this flush.
    if (due.length === sendBatch) setImmediate(() => void (this.stopped ? undefined : this.flush()));
    for (const message of due) {
      try {
        const info = await this.transport.sendMail({ from: this.settings.from, to: message.recipient, subject: message.subject, text: message.body });
        if (!this.settings.smtpUrl) {
          await writeFile(join(mailFolder(this.settings.dataDir), mailFileName(this.settings.subgraph, message)), (info as { message: Buffer }).message);
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
