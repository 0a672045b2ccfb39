import { SqliteEventStore, StorageUnavailableError, WrongExpectedVersionError, openSqlite } from '@crm/event-store';
import { eventStoreContract, newEvent } from '@crm/event-store/testing/event-store.contract';
import { idempotencyStoreContract } from '@crm/read-store/testing/idempotency-store.contract';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ThreadedIdempotencyStore } from './threaded-idempotency-store';
import { WriterThread, spawnWriterWorker } from './writer-thread.client';

const dir = mkdtempSync(join(tmpdir(), 'crm-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteEventStore with its appends on the writer thread', () => {
  const file = join(dir, 'contract.sqlite');
  let writer: WriterThread;
  beforeAll(async () => (writer = await WriterThread.start({ file, synchronous: 'full' })));
  afterAll(() => writer.close());

  // Every contract test uses streams of its own, so they share one file and its writer thread.
  eventStoreContract(async () => new SqliteEventStore(openSqlite(file), { writer }));

  it('records the asking store\'s time: the events are serialised and timed where the append is asked', async () => {
    const store = new SqliteEventStore(openSqlite(file), { writer, clock: () => new Date('2030-05-06T07:08:09.010Z') });
    await store.appendToStream('timed', [newEvent()], { expectedRevision: 'no-stream' });
    const [stored] = await store.readStream('timed');
    expect(stored.metadata.recordedAt).toBe('2030-05-06T07:08:09.010Z');
    await store.close();
  });
});

describe('the SQLite idempotency store on the writer thread', () => {
  let n = 0;
  idempotencyStoreContract(async (clock) => {
    const writer = await WriterThread.start({ file: join(dir, `idempotency-${n++}.sqlite`), synchronous: 'full' });
    return { store: new ThreadedIdempotencyStore(writer, clock), close: () => writer.close() };
  });
});

describe('a writer thread that dies', () => {
  it('given an append sent to it, when it ends unanswered, then the append fails as outcome unknown, and a retry starts another thread and lands once', async () => {
    const file = join(dir, 'dies.sqlite');
    const workers: Worker[] = [];
    // The first thread says it runs and then answers nothing: the append is surely in flight when it ends.
    const silent = () => new Worker("require('node:worker_threads').parentPort.postMessage('ready'); setInterval(() => {}, 1000);", { eval: true });
    const writer = await WriterThread.start({ file, synchronous: 'full' }, (data) => {
      const worker = workers.length === 0 ? silent() : spawnWriterWorker(data);
      workers.push(worker);
      return worker;
    });
    const store = new SqliteEventStore(openSqlite(file), { writer });
    try {
      const event = newEvent('Lost');
      const waiting = store.appendToStream('during', [event], { expectedRevision: 'no-stream' });
      await new Promise((sent) => setTimeout(sent, 50));
      await workers[0].terminate();
      await expect(waiting).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(waiting).rejects.toMatchObject({ outcomeUnknown: true });

      // Whether such a commit landed is not known: the same event again is answered either way.
      const retried = await store.appendToStream('during', [event], { expectedRevision: 'no-stream' });
      expect(retried.nextExpectedVersion).toBe(0);
      expect(workers).toHaveLength(2);
      await expect(store.ping()).resolves.toBeUndefined();
      expect((await store.readStream('during')).map((e) => e.eventId)).toEqual([event.eventId]);
      await expect(store.appendToStream('during', [newEvent()], { expectedRevision: 'no-stream' })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    } finally {
      await writer.close();
      await store.close();
    }
  });

  it('given a closed writer, when asked to write, then it refuses as storage unavailable, and closing again answers at once', async () => {
    const writer = await WriterThread.start({ file: join(dir, 'closed.sqlite'), synchronous: 'full' });
    await Promise.all([writer.close(), writer.close()]);
    await expect(writer.ping()).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(writer.close()).resolves.toBeUndefined();
  });
});

describe('a writer thread that cannot open the file', () => {
  it('given a data file path it cannot make, when started, then the start fails naming why', async () => {
    const notAFolder = join(dir, 'not-a-folder');
    writeFileSync(notAFolder, '');
    const starting = WriterThread.start({ file: join(notAFolder, 'crm.sqlite'), synchronous: 'full' });
    await expect(starting).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(starting).rejects.toThrow(/the writer thread could not start: .*not-a-folder/);
  });
});
