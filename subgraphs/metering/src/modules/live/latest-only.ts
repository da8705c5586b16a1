import { Repeater } from '@graphql-yoga/subscription';

/**
 * One signal per burst: reads `source` continuously and hands the consumer the latest value
 * whenever at least one arrived since it last took one, so a consumer busy recomputing totals
 * skips the notices that arrived meanwhile instead of queueing them. Starts with `null` (for the
 * first answer).
 */
export function latestOnly<T>(source: AsyncIterable<T>): AsyncIterable<T | null> {
  return new Repeater<T | null>(async (push, stop) => {
    let pending = true;
    let latest: T | null = null;
    let sending = false;
    const send = async () => {
      if (sending) return;
      sending = true;
      while (pending) {
        pending = false;
        await push(latest);
      }
      sending = false;
    };
    const iterator = source[Symbol.asyncIterator]();
    void stop.then(() => void iterator.return?.());
    void send();
    for (let step = await iterator.next(); !step.done; step = await iterator.next()) {
      pending = true;
      latest = step.value;
      void send();
    }
    stop();
  });
}
