import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, QueryRunner } from 'typeorm';

/**
 * TypeORM runs every SQLite query of a DataSource on one shared connection and one shared query
 * runner, and does not keep concurrent transactions apart: a second BEGIN fails ("cannot start a
 * transaction within a transaction") and other requests' statements land inside whichever
 * transaction is open, to be committed or rolled back with it. This serializes them: each
 * transaction runs on a query runner of its own and holds the connection until it ends; statements
 * from the shared runner (everything outside a transaction) wait their turn.
 *
 * The transaction's own runner tells its statements apart, not an AsyncLocalStorage: that would
 * make Node track every promise of every request (about a tenth of a subgraph's CPU under load).
 * So a statement a transaction's callback sends through the data source's own manager or
 * repositories, instead of the `manager` it is given, waits for that transaction to end: it never
 * does. Callbacks use their manager (as they must on MySQL too, where such a statement runs outside
 * the transaction). Under test (NODE_ENV=test) an AsyncLocalStorage does follow transactions, only
 * to fail such a statement at once, with the reason, instead of hanging.
 * (MySQL uses a pool of connections and needs none of this.)
 */
export function serializeSqlite(dataSource: DataSource): void {
  let tail: Promise<unknown> = Promise.resolve();

  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  };

  const { driver } = dataSource;
  const shared = driver.createQueryRunner('master');
  const sharedQuery = shared.query.bind(shared) as (...args: unknown[]) => Promise<unknown>;
  // Work a transaction's callback starts (an in-process event delivery) carries its store on after the
  // transaction ended: only a store whose transaction is still open counts.
  const insideTransaction = process.env.NODE_ENV === 'test' ? new AsyncLocalStorage<{ open: boolean }>() : null;
  shared.query = ((...args: unknown[]) => {
    if (insideTransaction?.getStore()?.open) return Promise.reject(new Error(`A transaction's callback sent a statement through the data source instead of its manager (it would wait for the transaction forever): ${String(args[0]).slice(0, 200)}`));
    return exclusive(() => sharedQuery(...args));
  }) as typeof shared.query;

  // Transactions run one at a time, so one runner of the driver's own class serves them all (its
  // prepared statements kept), on the same connection, beside the shared one.
  const RunnerClass = shared.constructor as new (d: typeof driver) => QueryRunner;
  const transactional = new RunnerClass(driver);
  Object.assign(transactional, { manager: dataSource.createEntityManager(transactional) });
  const transaction = transactional.manager.transaction.bind(transactional.manager) as (...args: unknown[]) => Promise<unknown>;
  const run = insideTransaction
    ? async (...args: unknown[]) => {
        const store = { open: true };
        try {
          return await insideTransaction.run(store, () => transaction(...args));
        } finally {
          store.open = false;
        }
      }
    : transaction;
  dataSource.transaction = ((...args: unknown[]) => exclusive(() => run(...args))) as DataSource['transaction'];
}
