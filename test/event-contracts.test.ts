import { accessControlEvents } from '@gatehouse/access-control-contracts';
import { identityEvents } from '@gatehouse/identity-contracts';
import { meteringEvents } from '@gatehouse/metering-contracts';

const producers = [identityEvents, accessControlEvents, meteringEvents];

/** One naming style for every event type: `noun.past_tense`, lower snake_case (a batch names its noun in the plural). */
const eventName = /^[a-z]+(_[a-z]+)*\.([a-z]+_)*[a-z]+ed$/;

describe("the producers' event contracts", () => {
  it.each(producers.map((c) => [c.producer, c] as const))("%s names every event type noun.past_tense", (_producer, contract) => {
    expect(Object.keys(contract.events).filter((type) => !eventName.test(type))).toEqual([]);
  });

  it('no two producers declare the same type, and every former name points at a declared type and is not one itself', () => {
    const all = producers.flatMap((c) => Object.keys(c.events));
    expect(new Set(all).size).toBe(all.length);
    for (const contract of producers) {
      for (const [old, current] of Object.entries(contract.aliases)) {
        expect(Object.keys(contract.events)).toContain(current);
        expect(all).not.toContain(old);
      }
    }
  });
});
