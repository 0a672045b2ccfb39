import { AppendResult, EventStore, EventSubscription, NewEvent, ReadAllOptions, RecordedEvent, chainEvents, comparePositions } from '@crm/event-store';
import { SignedCheckpoint, signedMessage } from './audit-checkpoint';
import { AuditCheckpoints, CheckpointRefused } from './audit-checkpoints';
import { AuditLog } from './audit-log';
import { CheckpointSigningKey } from './checkpoint-signing-key';

/** A log read through the port only; positions packed as EventStoreDB's are (commit·2^64 + prepare), far past 2^53. */
class ArrayLog extends EventStore {
  events: RecordedEvent[] = [];
  private next = 7n << 64n;

  append(streamId: string, count = 1): void {
    const own = this.events.filter((e) => e.streamId === streamId);
    const last = own.at(-1);
    const news: NewEvent[] = Array.from({ length: count }, (_, i) => ({
      eventId: `${streamId}-${own.length + i}`,
      type: 'Noted',
      data: { n: own.length + i },
      metadata: { occurredAt: '2026-01-01T00:00:00.000Z', actor: 'a', commandType: 'Note', commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1 },
    }));
    for (const chained of chainEvents(streamId, last && { version: last.version, hash: last.metadata.hash }, news, '2026-01-01T00:00:00.000Z')) {
      this.next += (1n << 64n) + 3n; // sparse, like log offsets
      this.events.push({ eventId: chained.eventId, streamId, version: chained.version, position: this.next.toString(), type: chained.type, data: chained.data, metadata: JSON.parse(chained.metadataJson) });
    }
  }

  find(streamId: string, version: number): RecordedEvent {
    return this.events.find((e) => e.streamId === streamId && e.version === version)!;
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    const sorted = [...this.events].sort((a, b) => comparePositions(a.position, b.position));
    return sorted.filter((e) => after === undefined || comparePositions(e.position, after) > 0).slice(0, limit);
  }
  async headPosition() {
    return this.events.length ? this.events.map((e) => e.position).sort(comparePositions).at(-1)! : null;
  }
  appendToStream(): Promise<AppendResult> {
    throw new Error('not used');
  }
  async readStream(): Promise<RecordedEvent[]> {
    throw new Error('not used');
  }
  subscribeToAll(): EventSubscription {
    throw new Error('not used');
  }
  async ping() {}
  async close() {}
}

describe('signed checkpoints of the log', () => {
  const key = CheckpointSigningKey.generate();
  let log: ArrayLog;
  let audit: AuditCheckpoints;
  const named = (list: { streamId: string; version: number }[]) => list.map((f) => `${f.streamId}@${f.version}`);

  beforeEach(() => {
    log = new ArrayLog();
    audit = new AuditCheckpoints(log, key, () => new Date('2026-12-01T00:00:00Z'));
    for (const stream of ['a', 'b', 'c', 'd']) log.append(stream, 3);
  });

  it('passes an untouched log against every earlier checkpoint, whatever was appended since', async () => {
    const first = await audit.take();
    expect(first).toEqual(expect.objectContaining({ position: await log.headPosition(), streams: 4, events: 12, keyId: key.keyId, signedAt: '2026-12-01T00:00:00.000Z' }));
    expect(BigInt(first.position!)).toBeGreaterThan(2n ** 64n);
    expect(first.heads.map((h) => `${h.streamId}@${h.version}`)).toEqual(['a@2', 'b@2', 'c@2', 'd@2']);
    const checkpoints = [first];
    for (const stream of ['a', 'e', 'b']) {
      log.append(stream, 2);
      checkpoints.push(await audit.take());
    }
    for (const checkpoint of checkpoints) {
      const result = await audit.verify(JSON.parse(JSON.stringify(checkpoint)));
      expect(result).toEqual(expect.objectContaining({ ok: true, streams: 5, events: 18, broken: [], missing: [], added: [], moved: [] }));
      expect(result.atCheckpoint).toEqual({ streams: checkpoint.streams, events: checkpoint.events, root: checkpoint.root, matches: true });
    }
  });

  it('checkpoints an empty log at position null, and a later log passes against it', async () => {
    const bare = new AuditCheckpoints(new ArrayLog(), key);
    const checkpoint = await bare.take();
    expect(checkpoint).toEqual(expect.objectContaining({ position: null, streams: 0, events: 0, heads: [] }));
    expect((await audit.verify(checkpoint)).ok).toBe(true);
  });

  it('names a stream\'s last events and a whole stream cut off the log, which the chains alone miss', async () => {
    const checkpoint = await audit.take();
    log.events = log.events.filter((e) => !(e.streamId === 'a' && e.version >= 1) && e.streamId !== 'b');
    expect((await new AuditLog(log).verify()).ok).toBe(true);
    const result = await audit.verify(checkpoint);
    expect(result.broken).toEqual([]);
    expect(result.ok).toBe(false);
    expect(named(result.missing)).toEqual(['a@1', 'a@2', 'b@0', 'b@1', 'b@2']);
    expect(result.missing[0].reason).toBe('missing: the checkpoint holds versions 0–2 of this stream');
    expect(result.missing[2].reason).toBe('missing: the whole stream is gone; the checkpoint holds its versions 0–2');
  });

  it('names a middle event deleted, beside the broken link after it', async () => {
    const checkpoint = await audit.take();
    log.events = log.events.filter((e) => !(e.streamId === 'c' && e.version === 1));
    const result = await audit.verify(checkpoint);
    expect(named(result.missing)).toEqual(['c@1']);
    expect(named(result.broken)).toEqual(['c@2']);
  });

  it('names an event added at or before the checkpoint\'s position, and one moved after it', async () => {
    const checkpoint = await audit.take();
    log.append('d'); // d@3, then slipped in between old positions (EventStoreDB positions have room)
    const forged = log.find('d', 3);
    forged.position = (BigInt(log.find('a', 0).position) + 1n).toString();
    log.find('c', 2).position = (BigInt(checkpoint.position!) + 5n).toString();
    const result = await audit.verify(checkpoint);
    expect(named(result.added)).toEqual(['d@3']);
    expect(result.added[0].reason).toMatch(/^added: at position \d+, at or before the checkpoint's \d+, which ends this stream at version 2$/);
    expect(named(result.moved)).toEqual(['c@2']);
  });

  it('names two events that changed places', async () => {
    log = new ArrayLog();
    audit = new AuditCheckpoints(log, key);
    for (let i = 0; i < 3; i++) ['c', 'd'].forEach((stream) => log.append(stream));
    const checkpoint = await audit.take();
    const [x, y] = [log.find('c', 2), log.find('d', 2)];
    [x.position, y.position] = [y.position, x.position];
    const result = await audit.verify(checkpoint);
    expect(result.broken).toEqual([]);
    expect(named(result.moved).sort()).toEqual(['c@2', 'd@2']);
  });

  it('fails, by its root, an order change that keeps every chain and head in place', async () => {
    log = new ArrayLog();
    audit = new AuditCheckpoints(log, key);
    for (let i = 0; i < 3; i++) ['p', 'q'].forEach((stream) => log.append(stream));
    const checkpoint = await audit.take();
    const [x, y] = [log.find('p', 1), log.find('q', 1)];
    [x.position, y.position] = [y.position, x.position];
    const result = await audit.verify(checkpoint);
    expect(result).toEqual(expect.objectContaining({ ok: false, broken: [], missing: [], added: [], moved: [] }));
    expect(result.atCheckpoint.matches).toBe(false);
  });

  it('names a stream rewritten with its chain recomputed, which the chains alone pass', async () => {
    const checkpoint = await audit.take();
    const stream = log.events.filter((e) => e.streamId === 'b');
    const inputs = stream.map(({ eventId, type, data, metadata: { recordedAt: _r, prevHash: _p, hash: _h, ...metadata } }, i) => ({ eventId, type, data: i === 0 ? { n: 'forged' } : data, metadata }));
    const chained = chainEvents('b', undefined, inputs, '2026-01-01T00:00:00.000Z');
    log.events = log.events.map((e) => (e.streamId === 'b' ? { ...e, data: chained[e.version].data, metadata: JSON.parse(chained[e.version].metadataJson) } : e));
    expect((await new AuditLog(log).verify()).ok).toBe(true);
    const result = await audit.verify(checkpoint);
    expect(named(result.broken)).toEqual(['b@2']);
    expect(result.broken[0].reason).toMatch(/^rewritten: /);
  });

  describe('refuses a checkpoint it cannot vouch for', () => {
    let checkpoint: SignedCheckpoint;
    beforeEach(async () => {
      checkpoint = await audit.take();
    });
    const refusal = async (input: unknown) => {
      try {
        await audit.verify(input);
      } catch (error) {
        if (error instanceof CheckpointRefused) return error;
      }
      throw new Error('not refused');
    };

    it('re-signed with another key', async () => {
      const other = CheckpointSigningKey.generate();
      const body = { ...checkpoint, keyId: other.keyId };
      const error = await refusal({ ...body, signature: other.sign(signedMessage(body)).toString('base64') });
      expect(error.reason).toBe('other-key');
      expect(error.message).toBe(`The checkpoint is signed by key ${other.keyId}, not by this log's checkpoint key ${key.keyId} (GET /audit/checkpoint-key).`);
      // …even when it claims this log's key id
      expect((await refusal({ ...checkpoint, signature: other.sign(signedMessage(checkpoint)).toString('base64') })).reason).toBe('bad-signature');
    });

    it.each([
      ['a head dropped', (c: SignedCheckpoint) => ({ ...c, heads: c.heads.slice(1), streams: c.streams - 1 })],
      ['a head version lowered', (c: SignedCheckpoint) => ({ ...c, heads: c.heads.map((h, i) => (i === 0 ? { ...h, version: 0 } : h)) })],
      ['the position moved back', (c: SignedCheckpoint) => ({ ...c, position: '1' })],
      ['signed later', (c: SignedCheckpoint) => ({ ...c, signedAt: '2030-01-01T00:00:00.000Z' })],
    ])('forged: %s under the old signature', async (_name, edit) => {
      const error = await refusal(edit(checkpoint));
      expect(error.reason).toBe('bad-signature');
      expect(error.message).toMatch(/signature does not hold/);
    });

    it('malformed, naming each bad field by its path', async () => {
      const { root: _root, ...rootless } = checkpoint;
      const error = await refusal({ ...rootless, events: -1, heads: [{ ...checkpoint.heads[0], version: 'x', extra: 1 }], hmm: true });
      expect(error.reason).toBe('malformed');
      expect(error.errors).toEqual([
        { field: 'hmm', message: 'is not a known field' },
        { field: 'events', message: 'must be a whole number ≥ 0' },
        { field: 'root', message: 'must be a SHA-256 hash (64 lower-case hex digits)' },
        { field: 'heads[0].extra', message: 'is not a known field' },
        { field: 'heads[0].version', message: 'must be a whole number ≥ 0' },
      ]);
      expect((await refusal([])).errors).toEqual([{ field: '', message: 'a checkpoint is a JSON object (the body of GET /audit/checkpoint)' }]);
    });
  });
});
