import { EventEmitter } from 'node:events';
import { RecordedEvent } from '../event-store.port';
import { PollPace } from './poll-pace';
import { PollingSubscription } from './polling-subscription';

describe('PollingSubscription: which append signals make it read the log', () => {
  it.each<[string, readonly string[] | undefined, (ReadonlySet<string> | undefined)[], number]>([
    // subscribed to, signals sent (a set of appended types, or undefined: not known), reads after the first
    ['every signal, subscribed to all types', undefined, [new Set(['InteractionLogged']), undefined], 2],
    ['a signal of its type', ['CustomerForgotten'], [new Set(['InteractionLogged', 'CustomerForgotten'])], 1],
    ['not a signal of other types only', ['CustomerForgotten'], [new Set(['InteractionLogged']), new Set(['PurchaseRecorded'])], 0],
    ['a signal whose types are not known', ['CustomerForgotten'], [undefined], 1],
  ])('reads again on %s', async (_case, eventTypes, signals, expectedReads) => {
    const appended = new EventEmitter();
    let reads = 0;
    const subscription = new PollingSubscription({
      eventTypes,
      appended,
      // A long poll interval: only signals wake it within the test.
      pace: new PollPace(60_000, 60_000, () => 0n),
      read: () => {
        reads += 1;
        return [] as RecordedEvent[];
      },
    });
    const iterating = subscription[Symbol.asyncIterator]().next();
    try {
      await new Promise((resolve) => setImmediate(resolve));
      expect(reads).toBe(1); // the catch-up read
      for (const types of signals) {
        appended.emit('append', types);
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(reads - 1).toBe(expectedReads);
    } finally {
      await subscription.close(); // its poll timer would hold the test run open
      await iterating;
    }
  });
});
