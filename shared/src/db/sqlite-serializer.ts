import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource } from 'typeorm';

/**
 * TypeORM runs every SQLite query of a DataSource on one shared connection and does not keep
 * concurrent transactions apart: a second BEGIN fails ("cannot start a transaction within a
 * transaction") and other requests' statements land inside whichever transaction is open, to be
 * committed or rolled back with it. This serializes them: a transaction holds the connection
 * until it ends, and statements from anywhere else wait their turn. (MySQL uses a pool of
 * connections and needs none of this.)
 */
export function serializeSqlite(dataSource: DataSource): void {
  const owner = new AsyncLocalStorage<symbol>();
  let tail: Promise<unknown> = Promise.resolve();
  let holder: symbol | null = null;

  const exclusive = <T>(token: symbol, work: () => Promise<T>): Promise<T> => {
    const run = tail.then(async () => {
      holder = token;
      try {
        return await owner.run(token, work);
      } finally {
        holder = null;
      }
    });
    tail = run.catch(() => undefined);
    return run;
  };

  const transaction = dataSource.transaction.bind(dataSource) as (...args: unknown[]) => Promise<unknown>;
  dataSource.transaction = ((...args: unknown[]) => exclusive(Symbol('transaction'), () => transaction(...args))) as DataSource['transaction'];

  const runner = dataSource.driver.createQueryRunner('master');
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  runner.query = ((...args: unknown[]) => {
    // Inside the transaction that holds the connection: go ahead. Anywhere else: take a turn.
    if (holder !== null && owner.getStore() === holder) return query(...args);
    return exclusive(Symbol('statement'), () => query(...args));
  }) as typeof runner.query;
}
