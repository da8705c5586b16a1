import { Repeater } from '@graphql-yoga/subscription';

/**
 * One signal per burst: reads `source` continuously and hands the consumer one value whenever at
 * least one arrived since it last took one, so a consumer busy recomputing totals skips the
 * notices that arrived meanwhile instead of queueing them. Starts with one value (the first answer).
 */
export function latestOnly(source: AsyncIterable<unknown>): AsyncIterable<void> {
  return new Repeater<void>(async (push, stop) => {
    let pending = true;
    let sending = false;
    const send = async () => {
      if (sending) return;
      sending = true;
      while (pending) {
        pending = false;
        await push();
      }
      sending = false;
    };
    const iterator = source[Symbol.asyncIterator]();
    void stop.then(() => void iterator.return?.());
    void send();
    for (let step = await iterator.next(); !step.done; step = await iterator.next()) {
      pending = true;
      void send();
    }
    stop();
  });
}
