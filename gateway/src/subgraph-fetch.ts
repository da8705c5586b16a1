import { Agent, IncomingHttpHeaders, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** A subgraph's answer, read whole: the parts of a Fetch Response that Apollo's data source reads. */
export interface SubgraphResponse {
  url: string;
  status: number;
  statusText: string;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/**
 * Keep-alive connections to the subgraphs, kept open between requests. node:http rather than
 * `fetch`: the WHATWG machinery (streams, Request/Response objects, a timer signal per call) was
 * a tenth of the gateway's CPU per request, for one small JSON POST.
 */
const agents = { http: new Agent({ keepAlive: true, maxSockets: 256 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 256 }) };

function responseOf(url: string, status: number, statusText: string, headers: IncomingHttpHeaders, body: string): SubgraphResponse {
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

/** POSTs `body` to `url` and reads the whole answer; rejects when the connection fails or `timeoutMs` passes first. */
export function postToSubgraph(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<SubgraphResponse> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const outgoing = (secure ? httpsRequest : request)(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent: secure ? agents.https : agents.http });
    const timer = setTimeout(() => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    outgoing.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    outgoing.once('response', (incoming) => {
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
