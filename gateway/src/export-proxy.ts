import { Readable } from 'node:stream';
import express, { Request, Response, Router } from 'express';
import { GatehouseConfig, RequestSigner, anonymousViewer } from '@gatehouse/shared';

/**
 * `/exports/*` on the one public endpoint: CSV downloads, passed to metering with the gateway's
 * signature (metering checks the link's own signed token) and streamed back as they are written,
 * so a large export never sits in the gateway's memory.
 */
export function exportProxy(config: GatehouseConfig, signer: RequestSigner, clientAddress: (req: Request) => string): Router {
  const router = express.Router();
  router.get('/*path', async (req: Request, res: Response) => {
    const target = new URL(`/exports${req.url}`, config.subgraphUrls.metering);
    const signed = signer.sign(anonymousViewer, { audience: 'metering', method: 'GET', path: target.pathname + target.search, body: '' }, clientAddress(req));
    const aborted = new AbortController();
    res.on('close', () => aborted.abort());
    try {
      const answer = await fetch(target, { headers: { ...signed }, signal: aborted.signal });
      res.status(answer.status);
      for (const name of ['content-type', 'content-disposition', 'cache-control']) {
        const value = answer.headers.get(name);
        if (value) res.setHeader(name, value);
      }
      if (!answer.body) return void res.end();
      Readable.fromWeb(answer.body as never).on('error', () => res.destroy()).pipe(res);
    } catch {
      if (!res.headersSent) res.status(503).json({ error: 'The metering service is unavailable.' });
      else res.destroy();
    }
  });
  return router;
}
