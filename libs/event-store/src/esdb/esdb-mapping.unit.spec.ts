import { ErrorType, NO_STREAM, WrongExpectedVersionError as EsdbWrongExpectedVersion } from '@eventstore/db-client';
import { WrongExpectedVersionError } from '../event-store.errors';
import { chainEvents } from '../hash-chain';
import { comparePositions } from '../position';
import { newEvent } from '../testing/event-store.contract';
import {
  eventTypeRegex,
  mapAppendError,
  packPosition,
  toEsdbExpectedRevision,
  toJsonEvent,
  toRecordedEvent,
  unpackPosition,
} from './esdb-mapping';

describe('EventStoreDB mapping', () => {
  it('sends the chained metadata as the exact JSON bytes the hash chain produced (a plain Uint8Array, which the client passes through)', () => {
    const [chained] = chainEvents('s-1', undefined, [newEvent('Sent')], '2026-02-03T04:05:06.789Z');
    const { metadata } = toJsonEvent(chained);
    expect((metadata as Uint8Array).constructor).toBe(Uint8Array);
    expect(new TextDecoder().decode(metadata as Uint8Array)).toBe(chained.metadataJson);
  });

  describe('positions', () => {
    test.each([
      { commit: 0n, prepare: 0n },
      { commit: 1234n, prepare: 1234n },
      { commit: 1234n, prepare: 1300n },
      { commit: 2n ** 63n, prepare: 2n ** 64n - 1n },
    ])('packs %o into a decimal string and back', (position) => {
      const packed = packPosition(position);
      expect(packed).toMatch(/^[0-9]+$/);
      expect(unpackPosition(packed)).toEqual(position);
    });

    it('keeps $all order: by commit, then prepare', () => {
      const ordered = [
        { commit: 10n, prepare: 10n },
        { commit: 10n, prepare: 90n },
        { commit: 11n, prepare: 5n },
        { commit: 2n ** 40n, prepare: 0n },
      ].map(packPosition);
      for (let i = 1; i < ordered.length; i++) expect(comparePositions(ordered[i - 1], ordered[i])).toBe(-1);
    });

    it('can exceed 2^53 without losing precision', () => {
      const packed = packPosition({ commit: 1n, prepare: 1n });
      expect(BigInt(packed)).toBe(2n ** 64n + 1n);
      expect(BigInt(packed) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    });
  });

  describe('resolved events', () => {
    const resolved = (streamId: string, type: string) => ({
      event: {
        streamId,
        revision: 7n,
        id: '3f1c0f5e-95e4-4a47-9c0b-2b5b1f2f1a11',
        type,
        data: { amount: 5 },
        metadata: { actor: 'a', hash: 'h' },
        position: { commit: 100n, prepare: 120n },
      },
    });

    it('maps revision, id, data, metadata and position', () => {
      expect(toRecordedEvent(resolved('customer-c1', 'PurchaseRecorded'))).toEqual({
        eventId: '3f1c0f5e-95e4-4a47-9c0b-2b5b1f2f1a11',
        streamId: 'customer-c1',
        version: 7,
        position: packPosition({ commit: 100n, prepare: 120n }),
        type: 'PurchaseRecorded',
        data: { amount: 5 },
        metadata: { actor: 'a', hash: 'h' },
      });
    });

    it.each([
      ['a system stream', '$stats-0', 'Stat'],
      ['a system event type', 'customer-c1', '$metadata'],
    ])('drops %s', (_what, streamId, type) => {
      expect(toRecordedEvent(resolved(streamId, type))).toBeUndefined();
    });

    it('drops an unresolved link', () => {
      expect(toRecordedEvent({})).toBeUndefined();
    });
  });

  describe('errors and revisions', () => {
    it('maps WrongExpectedVersion to our concurrency error with the actual version', () => {
      const error = new EsdbWrongExpectedVersion(undefined, { streamName: 's', expected: 3n, current: 5n });
      expect(error.type).toBe(ErrorType.WRONG_EXPECTED_VERSION);
      const mapped = mapAppendError(error, 's', 3);
      expect(mapped).toBeInstanceOf(WrongExpectedVersionError);
      expect(mapped).toEqual(expect.objectContaining({ streamId: 's', expected: 3, actual: 5 }));
    });

    it('maps a missing stream in WrongExpectedVersion to actual -1', () => {
      const error = new EsdbWrongExpectedVersion(undefined, { streamName: 's', expected: 0n, current: NO_STREAM });
      expect(mapAppendError(error, 's', 0)).toEqual(expect.objectContaining({ actual: -1 }));
    });

    it('passes other errors through', () => {
      const other = new Error('unavailable');
      expect(mapAppendError(other, 's', 'any')).toBe(other);
    });

    it('turns our actual version into the concrete revision to expect', () => {
      expect(toEsdbExpectedRevision(-1)).toBe(NO_STREAM);
      expect(toEsdbExpectedRevision(4)).toBe(4n);
    });

    it('builds an exact-match regex for event type filters', () => {
      const regex = new RegExp(eventTypeRegex(['LeadQualified', 'A.B']));
      expect(regex.test('LeadQualified')).toBe(true);
      expect(regex.test('LeadQualifiedX')).toBe(false);
      expect(regex.test('AxB')).toBe(false);
      expect(regex.test('A.B')).toBe(true);
    });
  });
});
