import { Agent, IncomingHttpHeaders, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** Another service's answer, read whole: the parts of a Fetch Response that callers (Apollo's data source among them) read. */
export interface ServiceResponse {
  url: string;
  status: number;
  statusText: string;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/**
 * Keep-alive connections between Gatehouse's services (gateway to subgraph, internal routes),
 * kept open between requests. node:http rather than `fetch`: the WHATWG machinery (streams,
 * Request/Response objects, a timer signal per call) was a tenth of the gateway's CPU per request,
 * and of identity's on an edit (its member-reach call), for one small JSON POST.
 */
const agents = { http: new Agent({ keepAlive: true, maxSockets: 256 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 256 }) };

function responseOf(url: string, status: number, statusText: string, headers: IncomingHttpHeaders, body: string): ServiceResponse {
  return {
    url,
    status,
    statusText,
    ok: status >= 200 && status < 300,
    headers: {
      get: (name) => {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: async () => body,
    json: async () => JSON.parse(body) as unknown,
  };
}

/**
 * POSTs `body` to `url` and reads the whole answer; rejects when the connection fails or
 * `timeoutMs` passes first. A kept-alive connection the other side has just closed (it restarted,
 * or dropped an idle connection) fails the request before any answer: that one is sent again once
 * on a new connection, with the same signed headers, so a service that did see the first copy
 * refuses the second as a replay rather than acting twice.
 */
export function keepAlivePost(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<ServiceResponse> {
  const deadline = Date.now() + timeoutMs;
  return postOnce(url, headers, body, timeoutMs).catch((error: Error & { code?: string; reusedSocket?: boolean }) => {
    if (!error.reusedSocket || !['ECONNRESET', 'EPIPE'].includes(error.code ?? '')) throw error;
    return postOnce(url, headers, body, Math.max(0, deadline - Date.now()));
  });
}

function postOnce(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<ServiceResponse> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const outgoing = (secure ? httpsRequest : request)(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent: secure ? agents.https : agents.http });
    const timer = setTimeout(() => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    let answered = false;
    outgoing.once('error', (error: Error & { reusedSocket?: boolean }) => {
      clearTimeout(timer);
      // Only a request that got no answer at all may be sent again.
      if (!answered) error.reusedSocket = outgoing.reusedSocket;
      reject(error);
    });
    outgoing.once('response', (incoming) => {
      answered = true;
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      incoming.once('end', () => {
        clearTimeout(timer);
        resolve(responseOf(url.href, incoming.statusCode ?? 0, incoming.statusMessage ?? '', incoming.headers, Buffer.concat(chunks).toString('utf8')));
      });
    });
    outgoing.end(body);
  });
}
