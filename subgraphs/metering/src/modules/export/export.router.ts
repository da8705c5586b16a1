import express, { Request, Response, Router } from 'express';
import { DataSource } from 'typeorm';
import { ExportLinks } from './export-links';
import { writeDailyCsv, writeEventsCsv } from './usage-csv';

/**
 * GET /exports/usage.csv?token=…: the download a link from `usageExport` names, reached only
 * through the gateway (signed, like every request to a subgraph). The token is the credential:
 * an expired, forged or malformed one is a 404, the same for each, and nothing is read.
 */
export function exportRouter(dataSource: DataSource, links: ExportLinks, log: (message: string, detail?: unknown) => void): Router {
  const router = express.Router();
  router.get('/usage.csv', async (req: Request, res: Response) => {
    const grant = typeof req.query.token === 'string' ? links.read(req.query.token) : null;
    if (!grant) {
      res.status(404).json({ error: 'This download link is unknown or expired: ask for a new one (usageExport).' });
      return;
    }
    const timeZone = grant.query.timeZone ?? 'UTC';
    res.status(200).type('text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="usage-${grant.kind.toLowerCase()}-${grant.query.from}-${grant.query.to}.csv"`);
    res.setHeader('cache-control', 'no-store');
    try {
      if (grant.kind === 'DAILY') await writeDailyCsv(dataSource, res, grant.scope, grant.query, timeZone);
      else await writeEventsCsv(dataSource, res, grant.scope, grant.query, timeZone);
      res.end();
    } catch (error) {
      // Headers are gone already: cut the body short so the client sees an incomplete download, not a short "complete" one.
      log('usage export failed', error);
      res.destroy();
    }
  });
  return router;
}
