import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { MailMessage } from './mail-message.entity';

export interface OutgoingMail {
  to: string;
  subject: string;
  /** Plain text. */
  body: string;
}

/**
 * What a service that sends mail uses (`kit.mail`): both work inside the caller's transaction, so a
 * message is queued exactly when the change it announces commits. `kit.afterCommit` then sends it;
 * the sender's poll retries whatever is left.
 */
export interface MailOutbox {
  queue(manager: EntityManager, message: OutgoingMail): Promise<void>;
  /** Many messages of one bulk change, a hundred rows per statement. */
  queueMany(manager: EntityManager, messages: readonly OutgoingMail[]): Promise<void>;
  /** Deletes every message to this address, sent or not (a deleted account's mail holds its address). */
  forget(manager: EntityManager, recipient: string): Promise<void>;
}

const queueChunk = 100;

function rowOf(message: OutgoingMail, now: Date) {
  return { id: randomUUID(), recipient: message.to, subject: message.subject, body: message.body, createdAt: now, nextAttemptAt: now, attempts: 0, sentAt: null, lastError: null };
}

export const mailOutbox: MailOutbox = {
  queue: async (manager, message) => {
    await manager.insert(MailMessage, rowOf(message, new Date()));
  },
  queueMany: async (manager, messages) => {
    const now = new Date();
    const rows = messages.map((m) => rowOf(m, now));
    for (let i = 0; i < rows.length; i += queueChunk) await manager.insert(MailMessage, rows.slice(i, i + queueChunk));
  },
  forget: async (manager, recipient) => {
    await manager.delete(MailMessage, { recipient });
  },
};
