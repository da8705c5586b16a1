import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that keeps what it receives (tests read the messages). */
export class SmtpListener {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  async start(port = 0): Promise<string> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  /** Messages sent to `address`, newest last. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.some((to) => to.toLowerCase() === address.toLowerCase()));
  }
}

/** The code line of a Gatehouse message ("or enter this code:" then the token). */
export function tokenIn(mail: ReceivedMail): string {
  const match = /enter this code:\r?\n([A-Za-z0-9_-]{20,})/.exec(mail.raw.replace(/=\r?\n/g, ''));
  if (!match) throw new Error(`no token in mail: ${mail.raw}`);
  return match[1];
}
