import express, { NextFunction, Request, Response, Router } from 'express';
import { GatehouseConfig, RequestSigner, anonymousViewer } from '@gatehouse/shared';

/** Headers a SCIM client's request keeps on its way to identity. */
const forwarded = ['authorization', 'content-type', 'accept'];

/**
 * `/scim/v2/*` on the one public endpoint: passed to identity (which checks the SCIM token) with
 * the gateway's signature, like every request that reaches a subgraph. The body is passed as is.
 */
export function scimProxy(config: GatehouseConfig, signer: RequestSigner, clientAddress: (req: Request) => string): Router {
  const router = express.Router();
  router.use(express.raw({ type: () => true, limit: config.maxRequestBodyBytes }));
  router.use(async (req: Request, res: Response) => {
    const target = new URL(`/scim/v2${req.url}`, config.subgraphUrls.identity);
    const body = ['GET', 'HEAD', 'DELETE'].includes(req.method) || !Buffer.isBuffer(req.body) || req.body.length === 0 ? undefined : new Uint8Array(req.body);
    // Signed for identity, this method, path and query, and these body bytes.
    const signed = signer.sign(anonymousViewer, { audience: 'identity', method: req.method, path: target.pathname + target.search, body: body ?? '' }, clientAddress(req));
    const headers: Record<string, string> = { ...signed };
    for (const name of forwarded) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name] as string;
    headers['x-gatehouse-scim-base'] = `${req.protocol}://${req.get('host')}/scim/v2`;
    try {
      const answer = await fetch(target, { method: req.method, headers, body, signal: AbortSignal.timeout(config.subgraphTimeoutMs) });
      res.status(answer.status);
      const type = answer.headers.get('content-type');
      if (type) res.type(type);
      res.send(Buffer.from(await answer.arrayBuffer()));
    } catch {
      res.status(503).type('application/scim+json').send(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '503', detail: 'The identity service is unavailable.' }));
    }
  });
  // A body over the limit (or one that cannot be read) is refused here, in SCIM's error format.
  router.use((error: { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 400;
    const detail = status === 413 ? 'The body is too large.' : 'The body could not be read.';
    res.status(status).type('application/scim+json').send(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail }));
  });
  return router;
}
