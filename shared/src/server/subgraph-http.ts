import { randomUUID } from 'node:crypto';
import { Server, createServer } from 'node:http';
import express, { Express, NextFunction, Response } from 'express';
import { RequestSigning } from '../config/config';
import { SigningService } from '../config/service-keys';
import { RequestDrain, createRequestDrain } from './request-drain';
import { GatedRequest, SubgraphGate, jsonBody } from './subgraph-gate';
import { REQUEST_ID_HEADER } from './viewer';

export interface SubgraphHttpOptions {
  name: string;
  signing: Pick<RequestSigning, 'windowMs' | 'verifyKeys'>;
  isReady: () => Promise<boolean>;
  /** Who may call each internal route (the gate admits no one else there). */
  internalCallers: Record<string, readonly SigningService[]>;
  maxRequestBodyBytes: number;
}

/**
 * A subgraph's Express app up to its routes: drain, health and readiness (open), then the gate
 * every other route passes, request ids and JSON bodies for GraphQL and internal routes.
 */
export function createSubgraphHttp(options: SubgraphHttpOptions): { app: Express; httpServer: Server; drain: RequestDrain; gate: SubgraphGate } {
  const app = express();
  const httpServer = createServer(app);
  app.disable('x-powered-by');
  const drain = createRequestDrain(httpServer);
  app.use(drain.middleware);

  app.get('/health', (_req, res) => void res.json({ status: 'ok', service: options.name }));
  app.get('/ready', async (_req, res) => {
    const ready = await options.isReady().catch(() => false);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', service: options.name });
  });

  // Nobody reaches a subgraph around the gateway: every other route passes the gate (signed for
  // this subgraph and this very request, once; internal routes only by the callers they list).
  const gate = new SubgraphGate({ audience: options.name, signing: options.signing, internalCallers: options.internalCallers, maxBodyBytes: options.maxRequestBodyBytes });
  app.use(gate.http());
  app.use((req: GatedRequest, _res: Response, next: NextFunction) => {
    const given = req.headers[REQUEST_ID_HEADER];
    req.requestId = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    next();
  });
  app.use(['/graphql', '/internal'], jsonBody());
  return { app, httpServer, drain, gate };
}
