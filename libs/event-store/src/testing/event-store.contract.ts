import { randomUUID } from 'node:crypto';
import { WrongExpectedVersionError } from '../event-store.errors';
import { EventStore, NewEvent, RecordedEvent } from '../event-store.port';
import { GENESIS_HASH, recomputeHash } from '../hash-chain';
import { comparePositions, isPosition } from '../position';

export const newEvent = (type = 'SomethingHappened', data: Record<string, unknown> = { n: 1 }): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: {
    occurredAt: '2026-01-01T00:00:00.000Z',
    actor: 'tester',
    commandType: 'DoSomething',
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    schemaVersion: 1,
  },
});

async function take(iterable: AsyncIterable<RecordedEvent>, count: number, where: (e: RecordedEvent) => boolean): Promise<RecordedEvent[]> {
  const taken: RecordedEvent[] = [];
  for await (const event of iterable) {
    if (!where(event)) continue;
    taken.push(event);
    if (taken.length === count) break;
  }
  return taken;
}

/**
 * The behaviour every EventStore adapter must have. Streams get unique names, so the suite
 * also runs against a shared server that holds other data.
 */
export function eventStoreContract(open: () => Promise<EventStore>): void {
  let store: EventStore;
  let stream: string;

  beforeEach(async () => {
    store = await open();
    stream = `contract-${randomUUID()}`;
  });
  afterEach(async () => store.close());

  describe('appending and reading a stream', () => {
    it('numbers events from 0 and reads them back in order with their data and metadata', async () => {
      const events = [newEvent('A', { a: 1 }), newEvent('B', { b: 'two' }), newEvent('C', { c: [3] })];
      const result = await store.appendToStream(stream, events, { expectedRevision: 'no-stream' });
      expect(result.nextExpectedVersion).toBe(2);
      expect(result.events.map((e) => [e.eventId, e.type, e.version])).toEqual(events.map((e, i) => [e.eventId, e.type, i]));

      const read = await store.readStream(stream);
      expect(read.map((e) => [e.eventId, e.streamId, e.version, e.type, e.data])).toEqual(
        events.map((e, i) => [e.eventId, stream, i, e.type, e.data]),
      );
      expect(read[0].metadata).toEqual(expect.objectContaining({ ...events[0].metadata, recordedAt: expect.any(String) }));
      expect(Number.isNaN(Date.parse(read[0].metadata.recordedAt))).toBe(false);
    });

    it('reads an unknown stream as empty', async () => {
      expect(await store.readStream(`missing-${randomUUID()}`)).toEqual([]);
    });

    it('tells whether a stream holds any event', async () => {
      expect(await store.streamExists(stream)).toBe(false);
      await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no-stream' });
      expect(await store.streamExists(stream)).toBe(true);
    });

    it('reads from a version with a maximum count', async () => {
      await store.appendToStream(stream, [newEvent(), newEvent(), newEvent(), newEvent()], { expectedRevision: 'no-stream' });
      const read = await store.readStream(stream, { fromVersion: 1, maxCount: 2 });
      expect(read.map((e) => e.version)).toEqual([1, 2]);
    });

    it('chains every event to the previous one by SHA-256, starting from the zero hash', async () => {
      await store.appendToStream(stream, [newEvent(), newEvent()], { expectedRevision: 'no-stream' });
      await store.appendToStream(stream, [newEvent()], { expectedRevision: 1 });
      const read = await store.readStream(stream);
      expect(read[0].metadata.prevHash).toBe(GENESIS_HASH);
      let prev = GENESIS_HASH;
      for (const event of read) {
        expect(event.metadata.prevHash).toBe(prev);
        expect(event.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(recomputeHash(prev, event)).toBe(event.metadata.hash);
        prev = event.metadata.hash;
      }
    });

    it('detects a changed event when the hash is recomputed', async () => {
      await store.appendToStream(stream, [newEvent('A', { amount: 10 })], { expectedRevision: 'no-stream' });
      const [event] = await store.readStream(stream);
      expect(recomputeHash(GENESIS_HASH, { ...event, data: { amount: 11 } })).not.toBe(event.metadata.hash);
    });
  });

  describe('expected revision', () => {
    const clash = (expected: unknown, actual: number) =>
      expect.objectContaining({ name: 'WrongExpectedVersionError', streamId: expect.any(String), expected, actual });

    it('refuses no-stream when the stream exists', async () => {
      await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no-stream' });
      await expect(store.appendToStream(stream, [newEvent()], { expectedRevision: 'no-stream' })).rejects.toEqual(clash('no-stream', 0));
    });

    it('refuses a version that is not the current one', async () => {
      await store.appendToStream(stream, [newEvent(), newEvent()], { expectedRevision: 'no-stream' });
      await expect(store.appendToStream(stream, [newEvent()], { expectedRevision: 0 })).rejects.toEqual(clash(0, 1));
      await expect(store.appendToStream(stream, [newEvent()], { expectedRevision: 5 })).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('refuses exists for a missing stream and accepts it for an existing one', async () => {
      await expect(store.appendToStream(stream, [newEvent()], { expectedRevision: 'exists' })).rejects.toEqual(clash('exists', -1));
      await store.appendToStream(stream, [newEvent()], { expectedRevision: 'any' });
      const result = await store.appendToStream(stream, [newEvent()], { expectedRevision: 'exists' });
      expect(result.nextExpectedVersion).toBe(1);
    });

    it('lets exactly one of many concurrent appends at the same version win', async () => {
      await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no-stream' });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, () => store.appendToStream(stream, [newEvent()], { expectedRevision: 0 })),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(rejected).toHaveLength(9);
      rejected.forEach((o) => expect(o.reason).toBeInstanceOf(WrongExpectedVersionError));
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('serialises concurrent appends that expect any revision without losing one', async () => {
      await Promise.all(Array.from({ length: 10 }, () => store.appendToStream(stream, [newEvent()], { expectedRevision: 'any' })));
      const read = await store.readStream(stream);
      expect(read.map((e) => e.version)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });
  });

  describe('duplicate event ids', () => {
    it('answers a retried append with the original result and stores nothing', async () => {
      const events = [newEvent(), newEvent()];
      const first = await store.appendToStream(stream, events, { expectedRevision: 'no-stream' });
      const again = await store.appendToStream(stream, events, { expectedRevision: 'no-stream' });
      const againAny = await store.appendToStream(stream, events, { expectedRevision: 'any' });
      expect(again).toEqual(first);
      expect(againAny).toEqual(first);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('refuses an append that repeats some stored ids among new ones', async () => {
      const stored = newEvent();
      await store.appendToStream(stream, [stored], { expectedRevision: 'no-stream' });
      await expect(store.appendToStream(stream, [stored, newEvent()], { expectedRevision: 'any' })).rejects.toEqual(
        expect.objectContaining({ name: 'DuplicateEventError' }),
      );
      expect(await store.readStream(stream)).toHaveLength(1);
    });
  });

  describe('the global log', () => {
    it('orders all streams by position, as decimal strings, and reads from a middle position', async () => {
      const start = (await store.headPosition()) ?? undefined;
      const other = `${stream}-other`;
      const a = await store.appendToStream(stream, [newEvent('A')], { expectedRevision: 'no-stream' });
      const b = await store.appendToStream(other, [newEvent('B'), newEvent('B2')], { expectedRevision: 'no-stream' });
      const c = await store.appendToStream(stream, [newEvent('C')], { expectedRevision: 0 });

      const mine = (events: RecordedEvent[]) => events.filter((e) => e.streamId === stream || e.streamId === other);
      const all = mine(await store.readAll({ after: start, limit: 1000 }));
      expect(all.map((e) => e.type)).toEqual(['A', 'B', 'B2', 'C']);
      for (const event of all) expect(isPosition(event.position)).toBe(true);
      for (let i = 1; i < all.length; i++) expect(comparePositions(all[i - 1].position, all[i].position)).toBe(-1);
      expect([a.position, b.position, c.position]).toEqual([all[0].position, all[2].position, all[3].position]);
      expect(await store.headPosition()).toBe(c.position);

      const rest = mine(await store.readAll({ after: all[1].position, limit: 1000 }));
      expect(rest.map((e) => e.type)).toEqual(['B2', 'C']);
      const page = await store.readAll({ after: start, limit: 2 });
      expect(page).toHaveLength(2);
    });

    it('reads nothing after a position larger than any stored one, however large', async () => {
      await store.appendToStream(stream, [newEvent('A')], { expectedRevision: 'no-stream' });
      for (const after of [(2n ** 63n).toString(), (2n ** 64n).toString(), (2n ** 128n).toString(), '9'.repeat(40)]) {
        expect(await store.readAll({ after, limit: 10 })).toEqual([]);
        expect(await store.readAll({ after, limit: 10, eventTypes: ['A'] })).toEqual([]);
      }
    });

    it('filters by event type while still reading in order', async () => {
      const start = (await store.headPosition()) ?? undefined;
      const typeA = `A${randomUUID().slice(0, 8)}`;
      await store.appendToStream(stream, [newEvent(typeA), newEvent('Other'), newEvent(typeA)], { expectedRevision: 'no-stream' });
      const read = await store.readAll({ after: start, limit: 10, eventTypes: [typeA] });
      expect(read.map((e) => [e.type, e.version])).toEqual([
        [typeA, 0],
        [typeA, 2],
      ]);
    });
  });

  describe('catch-up subscription', () => {
    it('delivers history after a position, then switches to live events', async () => {
      const start = (await store.headPosition()) ?? undefined;
      await store.appendToStream(stream, [newEvent('Old1'), newEvent('Old2')], { expectedRevision: 'no-stream' });
      const subscription = store.subscribeToAll({ after: start });
      const received = take(subscription, 4, (e) => e.streamId === stream);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await store.appendToStream(stream, [newEvent('Live1')], { expectedRevision: 1 });
      await store.appendToStream(stream, [newEvent('Live2')], { expectedRevision: 2 });
      expect((await received).map((e) => e.type)).toEqual(['Old1', 'Old2', 'Live1', 'Live2']);
      await subscription.close();
    });

    it('starts strictly after the given position and honours a type filter', async () => {
      await store.appendToStream(stream, [newEvent('Skip'), newEvent('Want'), newEvent('Other'), newEvent('Want')], { expectedRevision: 'no-stream' });
      const [first] = await store.readStream(stream, { maxCount: 1 });
      const subscription = store.subscribeToAll({ after: first.position, eventTypes: ['Want'] });
      const received = await take(subscription, 2, (e) => e.streamId === stream);
      expect(received.map((e) => [e.type, e.version])).toEqual([
        ['Want', 1],
        ['Want', 3],
      ]);
      await subscription.close();
    });
  });
}
