import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One subscription as a test watches it: what arrived, how it ended. */
export interface Watched {
  events: Json[];
  errors: unknown[];
  /** Resolves when the subscription completes or fails. */
  done: Promise<void>;
  stop: () => void;
}

/** Real graphql-ws clients of one gateway, disposed together at the end of a test file. */
export class SubscriptionClients {
  private readonly clients: Client[] = [];

  constructor(private readonly gatewayUrl: () => string) {}

  /** A connection authenticated with an access token (or API key secret), or with nothing. */
  connect(credential: { token: string } | { apiKey: string } | null): Client {
    const connectionParams = !credential ? {} : 'token' in credential ? { authorization: `Bearer ${credential.token}` } : { 'x-api-key': credential.apiKey };
    const client = createClient({ url: this.gatewayUrl().replace(/^http/, 'ws'), webSocketImpl: WebSocket, lazy: true, retryAttempts: 0, connectionParams });
    this.clients.push(client);
    return client;
  }

  watch(client: Client, query: string, variables: Record<string, unknown> = {}): Watched {
    const events: Json[] = [];
    const errors: unknown[] = [];
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const stop = client.subscribe({ query, variables }, { next: (value) => void events.push(value), error: (error) => (errors.push(error), finished()), complete: () => finished() });
    return { events, errors, done, stop };
  }

  async disposeAll(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.dispose()));
  }
}

/** Waits until `condition` holds or the time is up (the caller's expectations then say what was missing). */
export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Time for a just-opened subscription to reach its subgraph's pub/sub. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for the subscription to end, at most `timeoutMs`. */
export async function endOf(watched: Watched, timeoutMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([watched.done, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}
