import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENESIS_HASH, recomputeHash } from '../hash-chain';
import { eventStoreContract, newEvent } from '../testing/event-store.contract';
import { openSqlite } from './open-sqlite';
import { SqliteEventStore } from './sqlite-event-store';

describe('SqliteEventStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-es-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;

  describe('contract', () => {
    eventStoreContract(async () => new SqliteEventStore(openSqlite(join(dir, `contract-${n++}.sqlite`))));
  });

  it('keeps the log across a reopen of the file, with positions continuing', async () => {
    const file = join(dir, 'reopen.sqlite');
    const first = new SqliteEventStore(openSqlite(file));
    const a = await first.appendToStream('s', [newEvent()], { expectedRevision: 'no-stream' });
    await first.close();
    const second = new SqliteEventStore(openSqlite(file));
    expect(await second.readStream('s')).toHaveLength(1);
    const b = await second.appendToStream('s', [newEvent()], { expectedRevision: 0 });
    expect(BigInt(b.position)).toBeGreaterThan(BigInt(a.position));
    await second.close();
  });

  it('commits appends that arrive together in one group, where a refused one fails alone', async () => {
    const store = new SqliteEventStore(openSqlite(join(dir, 'group.sqlite')));
    await store.appendToStream('b', [newEvent()], { expectedRevision: 'no-stream' });
    const outcomes = await Promise.allSettled([
      store.appendToStream('a', [newEvent('A1')], { expectedRevision: 'no-stream' }),
      store.appendToStream('b', [newEvent('B1')], { expectedRevision: 5 }),
      store.appendToStream('a', [newEvent('A2')], { expectedRevision: 0 }),
      store.appendToStream('c', [newEvent('C1'), newEvent('C2')], { expectedRevision: 'no-stream' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(expect.objectContaining({ name: 'WrongExpectedVersionError', actual: 0 }));
    expect((await store.readStream('a')).map((e) => e.type)).toEqual(['A1', 'A2']);
    expect(await store.readStream('b')).toHaveLength(1);
    const positions = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [Number(o.value.position)] : []));
    expect(positions).toEqual([2, 3, 5]);
    await store.close();
  });

  test.each([
    // maxGroupEvents, what another connection sees when the first append is answered
    [undefined, ['a', 'b', 'c']],
    [3, ['a']],
  ])('with maxGroupEvents %p, answers the first of three 2-event appends when %p are committed; all are, in order', async (maxGroupEvents, seen) => {
    const file = join(dir, `split-${String(maxGroupEvents)}.sqlite`);
    const store = new SqliteEventStore(openSqlite(file), { maxGroupEvents });
    const other = new SqliteEventStore(openSqlite(file));
    const streams = ['a', 'b', 'c'];
    const appends = streams.map((s) => store.appendToStream(s, [newEvent(), newEvent()], { expectedRevision: 'no-stream' }));
    await appends[0];
    const committed = [];
    for (const s of streams) if ((await other.readStream(s)).length > 0) committed.push(s);
    expect(committed).toEqual(seen);
    const positions = (await Promise.all(appends)).map((result) => Number(result.position));
    expect(positions).toEqual([2, 4, 6]);
    await Promise.all([store.close(), other.close()]);
  });

  it('links one stream across split groups to the committed tail, a refused append in between leaving no gap', async () => {
    const store = new SqliteEventStore(openSqlite(join(dir, 'split-chain.sqlite')), { maxGroupEvents: 1 });
    const outcomes = await Promise.allSettled([
      store.appendToStream('s', [newEvent('S0')], { expectedRevision: 'any' }),
      store.appendToStream('s', [newEvent('S1')], { expectedRevision: 'any' }),
      store.appendToStream('s', [newEvent('stale')], { expectedRevision: 0 }),
      store.appendToStream('s', [newEvent('S2')], { expectedRevision: 'any' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const stored = await store.readStream('s');
    expect(stored.map((e) => [e.type, e.version])).toEqual([['S0', 0], ['S1', 1], ['S2', 2]]);
    stored.forEach((event, i) => {
      const prevHash = i === 0 ? GENESIS_HASH : stored[i - 1].metadata.hash;
      expect(event.metadata.prevHash).toBe(prevHash);
      expect(recomputeHash(prevHash, event)).toBe(event.metadata.hash);
    });
    await store.close();
  });

  test.each([0, -1, 1.5, Number.NaN])('refuses maxGroupEvents %p', (maxGroupEvents) => {
    expect(() => new SqliteEventStore(openSqlite(':memory:'), { maxGroupEvents })).toThrow('maxGroupEvents must be a positive whole number');
  });

  it('refuses an empty serialised append without queueing it', async () => {
    const store = new SqliteEventStore(openSqlite(':memory:'));
    await expect(store.appendSerialised('s', [], 'any')).rejects.toThrow('needs at least one event');
    await store.close();
  });

  it('commits every waiting append when closed, though a group holds only some of them', async () => {
    const file = join(dir, 'close-split.sqlite');
    const store = new SqliteEventStore(openSqlite(file), { maxGroupEvents: 1 });
    const appends = ['a', 'b', 'c'].map((s) => store.appendToStream(s, [newEvent()], { expectedRevision: 'no-stream' }));
    await store.close();
    expect((await Promise.allSettled(appends)).map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    const reopened = new SqliteEventStore(openSqlite(file));
    expect((await reopened.readAll({ limit: 10 })).map((e) => e.streamId)).toEqual(['a', 'b', 'c']);
    await reopened.close();
  });

  it('keeps no listener of a closed subscription (a projector opens one per idle wait)', async () => {
    const store = new SqliteEventStore(openSqlite(':memory:'));
    const appended = (store as unknown as { appended: import('node:events').EventEmitter }).appended;
    for (let i = 0; i < 100; i++) {
      const subscription = store.subscribeToAll();
      const next = subscription[Symbol.asyncIterator]().next();
      await subscription.close();
      await next;
    }
    expect(appended.listenerCount('append') + appended.listenerCount('close')).toBe(0);
    await store.close();
  });

  it('runs the event log at synchronous=FULL by default', () => {
    const db = openSqlite(join(dir, 'sync.sqlite'));
    expect(Number(db.pragma('synchronous', { simple: true }))).toBe(2);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('sees events appended by another connection to the same file', async () => {
    const file = join(dir, 'two-writers.sqlite');
    const writer = new SqliteEventStore(openSqlite(file));
    const reader = new SqliteEventStore(openSqlite(file), { pollIntervalMs: 20 });
    const subscription = reader.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    const next = iterator.next();
    await writer.appendToStream('x', [newEvent('FromElsewhere')], { expectedRevision: 'no-stream' });
    expect((await next).value?.type).toBe('FromElsewhere');
    await subscription.close();
    await writer.close();
    await reader.close();
  });

  it('follows another process\'s appends closely while they keep coming, though its idle poll is slow', async () => {
    const file = join(dir, 'paced.sqlite');
    const writer = new SqliteEventStore(openSqlite(file));
    const reader = new SqliteEventStore(openSqlite(file), { pollIntervalMs: 3_000, activePollIntervalMs: 10 });
    const subscription = reader.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    const first = iterator.next(); // waiting at the idle interval
    await writer.appendToStream('y', [newEvent('First')], { expectedRevision: 'no-stream' });
    expect((await first).value?.type).toBe('First'); // found by an idle poll, within 3 s
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const appendedAt = Date.now();
      await writer.appendToStream('y', [newEvent('Next')], { expectedRevision: i });
      await iterator.next();
      waits.push(Date.now() - appendedAt);
    }
    // At the idle interval each would wait up to 3 s; polling at 10 ms, far less.
    expect(Math.max(...waits)).toBeLessThan(1_000);
    await subscription.close();
    await writer.close();
    await reader.close();
  }, 15_000);

  it('tells of each commit of its appends, and looks at once when told another connection appended (no wait for its poll)', async () => {
    const file = join(dir, 'told.sqlite');
    const writer = new SqliteEventStore(openSqlite(file));
    const reader = new SqliteEventStore(openSqlite(file), { pollIntervalMs: 60_000, activePollIntervalMs: 60_000 });
    const commits: number[] = [];
    const unsubscribe = writer.onAppended(() => commits.push(Date.now()));
    const subscription = reader.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    const first = iterator.next();
    await Promise.all([
      writer.appendToStream('z', [newEvent('Told')], { expectedRevision: 'no-stream' }),
      writer.appendToStream('w', [newEvent('SameCommit')], { expectedRevision: 'no-stream' }),
    ]);
    expect(commits).toHaveLength(1); // one group, one commit
    reader.appendedElsewhere();
    expect((await first).value?.type).toBe('Told'); // within the test's 5 s: only the signal can have woken it
    unsubscribe();
    await writer.appendToStream('z', [newEvent('Unheard')], { expectedRevision: 0 });
    expect(commits).toHaveLength(1);
    await subscription.close();
    await writer.close();
    await reader.close();
  });
});
