import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { NextFunction, Request, Response } from 'express';

/** How long a server waits for the requests in flight when told to stop, unless told otherwise (SHUTDOWN_GRACE_MS). */
export const defaultShutdownGraceMs = 10_000;

/** The answer to a request that arrives while the server drains: a JSON GraphQL error, so clients know to retry elsewhere. */
export const shuttingDownResponse = {
  errors: [{ message: 'This server is shutting down; send the request again.', extensions: { code: 'SHUTTING_DOWN' } }],
};

/** After the last request in flight, how long to look for requests already sent but not yet read (a busy event loop reads late). */
const settleMs = 25;

export interface RequestDrain {
  /** Mounted before every route: counts the requests in flight and, once draining, refuses new ones. */
  middleware(req: Request, res: Response, next: NextFunction): void;
  /** From now on `/ready` answers 503 while requests are still served: the first step of a drain. */
  unready(): void;
  /**
   * Stops taking new requests and waits for those already sent, up to `graceMs`; then closes the
   * listener and every connection left. From the first moment `/ready` answers 503 (load balancers
   * stop sending) and a new connection's request gets a JSON 503 with `Connection: close`, while the
   * listener stays open: a client is answered, never cut off. A connection that was open before
   * has its next request served (the client may well have sent it before the signal), then is
   * closed. Resolves true when everything finished in time.
   */
  drain(graceMs: number): Promise<boolean>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** SIGTERM handling for one HTTP server: finish what has started, refuse the rest cleanly. */
export function createRequestDrain(httpServer: Server): RequestDrain {
  let draining = false;
  let ready = true;
  const connections = new Set<Socket>();
  /** Connections open when the drain began that have not had their one last request yet. */
  const openBeforeDrain = new Set<Socket>();
  const inFlight = new Set<Response>();
  let idle: (() => void) | null = null;

  httpServer.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.once('close', () => {
      connections.delete(socket);
      openBeforeDrain.delete(socket);
    });
  });

  const serve = (res: Response, next: NextFunction) => {
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (inFlight.size === 0) idle?.();
    });
    next();
  };

  const allAnswered = () => new Promise<void>((resolve) => (inFlight.size === 0 ? resolve() : (idle = resolve)));

  return {
    middleware: (req, res, next) => {
      if (!ready && req.path === '/ready') return void res.status(503).json({ status: 'draining' });
      if (!draining) return serve(res, next);
      // Liveness stays true while draining: the process is healthy, only leaving.
      if (req.path === '/health') return next();
      res.setHeader('Connection', 'close');
      if (req.path === '/ready') return void res.status(503).json({ status: 'draining' });
      if (openBeforeDrain.delete(req.socket)) return serve(res, next);
      res.status(503).json(shuttingDownResponse);
    },
    unready: () => {
      ready = false;
    },
    drain: async (graceMs) => {
      ready = false;
      draining = true;
      for (const socket of connections) openBeforeDrain.add(socket);
      // Answers still to come close their connection after them, so clients send nothing more on it.
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      const deadline = Date.now() + graceMs;
      let finished = false;
      while (!finished && Date.now() < deadline) {
        let timer: NodeJS.Timeout | undefined;
        const answered = await Promise.race([allAnswered().then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), deadline - Date.now())))]);
        clearTimeout(timer);
        if (!answered) break;
        await pause(settleMs);
        finished = inFlight.size === 0;
      }
      httpServer.close();
      // Past the grace, what is still running is cut off; in time, only idle keep-alive connections are left.
      if (finished) httpServer.closeIdleConnections();
      else httpServer.closeAllConnections();
      return finished;
    },
  };
}
