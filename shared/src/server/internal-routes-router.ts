import { Response, Router } from 'express';
import { ImplementedRoute } from './internal-route';
import { httpErrorBody } from './json-http-errors';
import { GatedRequest } from './subgraph-gate';

/** Who may call each route, for the gate (it refuses other callers before a body is parsed). */
export function internalCallersOf(routes: readonly ImplementedRoute[]): Record<string, ImplementedRoute['contract']['callers']> {
  return Object.fromEntries(routes.map(({ contract }) => [contract.name, contract.callers]));
}

/**
 * `POST /internal/<name>` for each route (mounted after the gate and the JSON body parser): a body
 * outside the route's input schema answers 400 without running the handler; a failing handler 500.
 */
export function internalRoutesRouter(service: string, routes: readonly ImplementedRoute[], log: (message: string, detail?: unknown) => void): Router {
  const router = Router();
  for (const route of routes) {
    const { name } = route.contract;
    // A route mounted on the wrong service would be signed for another audience by every caller: fail at start.
    if (route.contract.service !== service) throw new Error(`internal route ${name} belongs to ${route.contract.service}, not ${service}`);
    router.post(`/${name}`, async (req: GatedRequest, res: Response) => {
      try {
        const run = await route.run(req.body ?? {}, req.gate!.viewer);
        if (!run.ok) return void res.status(400).json(httpErrorBody(run.message, 'BAD_REQUEST'));
        res.json(run.output);
      } catch (error) {
        log(`internal route ${name} failed`, error);
        res.status(500).json({ error: 'INTERNAL_SERVER_ERROR', requestId: req.requestId });
      }
    });
  }
  return router;
}
