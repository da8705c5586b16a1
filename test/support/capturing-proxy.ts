import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/** A request as it travelled between gateway and subgraph, headers and body byte for byte. */
export interface CapturedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Headers that belong to one hop, not to the request a replay re-sends. */
const hopHeaders = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/**
 * What an eavesdropper on the service network sees: a loopback proxy in front of a subgraph that
 * records every request. Requests `hold` picks it keeps to itself (answering 503), as if it had
 * intercepted them, so a test can replay a captured request its subgraph never saw.
 */
export class CapturingProxy {
  readonly captured: CapturedRequest[] = [];
  hold: ((request: CapturedRequest) => boolean) | null = null;
  private constructor(
    private readonly server: Server,
    private readonly target: string,
  ) {}

  static async start(target: string): Promise<CapturingProxy> {
    let proxy!: CapturingProxy;
    const server = createServer((req, res) => void proxy.handle(req, res));
    proxy = new CapturingProxy(server, new URL(target).origin);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** The proxy's address for `path` (give it to the gateway in place of the subgraph's). */
  url(path = '/graphql'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** The last captured request whose path starts with `path`. */
  last(path: string): CapturedRequest {
    const found = [...this.captured].reverse().find((r) => r.path.startsWith(path));
    if (!found) throw new Error(`nothing captured on ${path}: ${this.captured.map((r) => r.path).join(', ')}`);
    return found;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name, value]) => !hopHeaders.has(name) && typeof value === 'string')) as Record<string, string>;
    const captured: CapturedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers, body: Buffer.concat(chunks) };
    this.captured.push(captured);
    if (this.hold?.(captured)) return void res.writeHead(503).end();
    const answer = await send(`${this.target}${captured.path}`, captured);
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Sends a captured request (or a changed copy of it) to `url`. */
export function send(url: string, request: Pick<CapturedRequest, 'method' | 'headers' | 'body'>): Promise<Response> {
  return fetch(url, { method: request.method, headers: request.headers, body: ['GET', 'HEAD'].includes(request.method) ? undefined : new Uint8Array(request.body) });
}
