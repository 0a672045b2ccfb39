import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { GENESIS_HASH, chainEvents, eventHash } from './hash-chain';

/** The definition every stored hash was made with: SHA-256 of prevHash + the canonical JSON of the whole content. */
const byDefinition = (prevHash: string, streamId: string, version: number, event: { eventId: string; type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }, recordedAt: string) =>
  createHash('sha256')
    .update(prevHash)
    .update(canonicalize({ streamId, version, eventId: event.eventId, type: event.type, data: event.data, metadata: { ...event.metadata, recordedAt } }) as string)
    .digest('hex');

const anEvent = fc.record({
  eventId: fc.uuid(),
  type: fc.string({ minLength: 1, maxLength: 20 }),
  data: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 })),
  metadata: fc.record({
    occurredAt: fc.constant('2026-01-01T00:00:00.000Z'),
    actor: fc.string({ maxLength: 10 }),
    commandType: fc.constant('Test'),
    commandId: fc.uuid(),
    correlationId: fc.uuid(),
    causationId: fc.uuid(),
    schemaVersion: fc.integer({ min: 1, max: 3 }),
  }),
});

describe('hash chain', () => {
  it('hashes exactly as defined (canonical JSON of the whole content), for any event: stored hashes stay valid', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.nat(1_000), anEvent, (streamId, version, event) => {
        const recordedAt = '2026-02-03T04:05:06.789Z';
        expect(eventHash(GENESIS_HASH, streamId, version, event, recordedAt)).toBe(byDefinition(GENESIS_HASH, streamId, version, event, recordedAt));
      }),
      { numRuns: 500, seed: 1 },
    );
  });

  it('chains each event to the one before, and gives the canonical data to store', () => {
    const events = fc.sample(anEvent, { numRuns: 3, seed: 2 });
    const chained = chainEvents('s-1', { version: 4, hash: 'f'.repeat(64) }, events, '2026-02-03T04:05:06.789Z');
    expect(chained.map((e) => e.version)).toEqual([5, 6, 7]);
    expect(chained[0].prevHash).toBe('f'.repeat(64));
    expect(chained[1].prevHash).toBe(chained[0].hash);
    expect(chained[2].hash).toBe(byDefinition(chained[1].hash, 's-1', 7, events[2], '2026-02-03T04:05:06.789Z'));
    chained.forEach((e, i) => expect(JSON.parse(e.dataJson)).toEqual(events[i].data));
  });

  it('gives the metadata to store: the writer\'s, with recordedAt and both hashes', () => {
    fc.assert(
      fc.property(anEvent, (event) => {
        const [chained] = chainEvents('s-1', undefined, [event], '2026-02-03T04:05:06.789Z');
        expect(JSON.parse(chained.metadataJson)).toStrictEqual({ ...event.metadata, recordedAt: '2026-02-03T04:05:06.789Z', prevHash: GENESIS_HASH, hash: chained.hash });
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it('refuses metadata that already carries a hash, rather than hash it and store another', () => {
    const [event] = fc.sample(anEvent, { numRuns: 1, seed: 4 });
    for (const key of ['prevHash', 'hash']) {
      expect(() => chainEvents('s-1', undefined, [{ ...event, metadata: { ...event.metadata, [key]: 'x' } }], '2026-02-03T04:05:06.789Z')).toThrow('must not carry prevHash or hash');
    }
  });
});
