import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { ConfigError, RequestSigning } from '../config/config';
import { SigningService, keyVariablePrefix } from '../config/service-keys';
import { ReplayGuard } from './replay-guard';
import { SignatureHeader, SignedRequest, isFresh, readSignatureHeader, verifySignature } from './request-signature';
import { Viewer } from './viewer';

export interface SubgraphGateOptions {
  /** This subgraph's name: every signature it accepts must name it as the audience. */
  audience: string;
  signing: Pick<RequestSigning, 'windowMs' | 'verifyKeys'>;
  /** Who may call each internal route (`/internal/<route>`); a caller not listed is refused. */
  internalCallers: Record<string, readonly SigningService[]>;
  maxBodyBytes: number;
}

/** A request the gate let through: who signed it, for whom, and the client address it vouched for. */
export interface AdmittedRequest {
  viewer: Viewer;
  signer: SigningService;
  nonce: string;
  clientAddress: string;
}

/** An HTTP request after the gate: its verified signature and the exact body bytes it covered. */
export interface GatedRequest extends Request {
  gate?: AdmittedRequest;
  rawBody?: Buffer;
  bodyParsed?: boolean;
  requestId?: string;
}

type Verdict = { admitted: AdmittedRequest; status?: undefined } | { admitted?: undefined; status: 401 | 403 };
/** Whether a correctly signed request may use a route: 0 yes, else the status that refuses it. */
type RoutePolicy = (signer: SigningService, viewer: Viewer) => 0 | 401 | 403;

/** GraphQL, subscriptions, SCIM: only viewers the gateway signed, and never a service's `system` viewer. */
const gatewayViewers: RoutePolicy = (signer, viewer) => (signer === 'gateway' && viewer.kind !== 'system' ? 0 : 401);
const emptyBody = Buffer.alloc(0);

function refuse(res: Response, status: number): void {
  const [message, code] =
    status === 401
      ? ['Requests must come through the Gatehouse gateway.', 'UNAUTHENTICATED']
      : status === 403
        ? ['This route does not accept calls from this caller.', 'FORBIDDEN']
        : status === 413
          ? ['The body is too large.', 'PAYLOAD_TOO_LARGE']
          : ['The body could not be read.', 'BAD_REQUEST'];
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * The one check every request to a subgraph passes (HTTP, graphql-ws connections and their viewer
 * updates): signed within the window, for this subgraph, method, path and body, by a key of a
 * signer this route accepts, with a nonce not seen before.
 */
export class SubgraphGate {
  private readonly replays: ReplayGuard;

  constructor(private readonly options: SubgraphGateOptions) {
    const { verifyKeys } = options.signing;
    const needed = new Map<SigningService, string>([['gateway', 'viewers from the gateway']]);
    for (const [route, callers] of Object.entries(options.internalCallers)) for (const caller of callers) if (!needed.has(caller)) needed.set(caller, `its internal route ${route}`);
    const problems = [...needed].filter(([service]) => (verifyKeys[service] ?? []).length === 0).map(([service, why]) => `${keyVariablePrefix(service)}_VERIFY_KEYS: required by ${options.audience} (${why})`);
    if (problems.length) throw new ConfigError(problems);
    this.replays = new ReplayGuard(options.signing.windowMs);
  }

  private admit(header: SignatureHeader | null, request: Omit<SignedRequest, 'audience'>, policy: RoutePolicy, now = Date.now()): Verdict {
    if (!header || !isFresh(header, this.options.signing.windowMs, now)) return { status: 401 };
    const viewer = verifySignature(header, { ...request, audience: this.options.audience }, this.options.signing.verifyKeys[header.signer] ?? []);
    if (!viewer) return { status: 401 };
    const refused = policy(header.signer, viewer);
    if (refused) return { status: refused };
    if (!this.replays.firstSighting(header.nonce, header.timestamp, now)) return { status: 401 };
    return { admitted: { viewer, signer: header.signer, nonce: header.nonce, clientAddress: header.clientAddress } };
  }

  /** Internal routes admit the `system` viewer of the callers they list; everything else the gateway's viewers. */
  private policyFor(path: string): RoutePolicy {
    const internal = /^\/internal\/([^/]+)$/.exec(path);
    if (!internal) return gatewayViewers;
    const callers = Object.hasOwn(this.options.internalCallers, internal[1]) ? this.options.internalCallers[internal[1]] : [];
    return (signer, viewer) => (callers.includes(signer) && viewer.kind === 'system' && viewer.service === signer ? 0 : 403);
  }

  /** Express middleware: reads the body (the signature covers its bytes), then admits or refuses. */
  http(): RequestHandler {
    const readBody = express.raw({ type: () => true, limit: this.options.maxBodyBytes });
    return (req: GatedRequest, res: Response, next: NextFunction) => {
      // A missing, malformed or stale signature is refused before any body is read.
      const header = readSignatureHeader(req.headers);
      if (!header || !isFresh(header, this.options.signing.windowMs)) return refuse(res, 401);
      readBody(req, res, (error?: unknown) => {
        if (error) return refuse(res, (error as { status?: number }).status === 413 ? 413 : 400);
        const body = Buffer.isBuffer(req.body) ? req.body : emptyBody;
        const verdict = this.admit(header, { method: req.method, path: req.originalUrl, body }, this.policyFor(req.path));
        if (verdict.status) return refuse(res, verdict.status);
        req.gate = verdict.admitted;
        req.rawBody = body;
        req.body = undefined;
        next();
      });
    };
  }

  /** A graphql-ws connection's parameters (connection_init): the gateway's viewer for this subgraph and path. */
  connection(params: Record<string, unknown>, path: string): AdmittedRequest | null {
    return this.admit(readSignatureHeader(params), { method: 'WS-CONNECT', path, body: '' }, gatewayViewers).admitted ?? null;
  }

  /** A viewer re-sent in a ping: signed for this connection (its connection nonce), fresh and new. */
  viewerUpdate(signed: Record<string, unknown>, path: string, connectionNonce: string): Viewer | null {
    return this.admit(readSignatureHeader(signed), { method: 'WS-VIEWER', path, body: connectionNonce }, gatewayViewers).admitted?.viewer ?? null;
  }
}

/**
 * JSON from the bytes the gate read (body parsers cannot read the stream again). A malformed body
 * goes to the error handler as body-parser's would (status 400, `entity.parse.failed`).
 */
export function jsonBody(types: string[] = ['application/json']): RequestHandler {
  return (req: GatedRequest, _res: Response, next: NextFunction) => {
    if (req.bodyParsed || !req.rawBody?.length || !req.is(types)) return next();
    const charset = /;\s*charset=([^;]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.trim().replace(/^"|"$/g, '').toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8') return next(Object.assign(new Error('Unsupported charset.'), { status: 415, type: 'charset.unsupported' }));
    try {
      req.body = JSON.parse(req.rawBody.toString('utf8'));
      req.bodyParsed = true;
      next();
    } catch {
      next(Object.assign(new Error('The body is not valid JSON.'), { status: 400, type: 'entity.parse.failed' }));
    }
  };
}
