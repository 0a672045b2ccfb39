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
});

describe('the SQLite idempotency store on the writer thread', () => {
  let n = 0;
  idempotencyStoreContract(async (clock) => {
    const writer = await WriterThread.start({ file: join(dir, `idempotency-${n++}.sqlite`), synchronous: 'full' });
    return { store: new ThreadedIdempotencyStore(writer, clock), close: () => writer.close() };
  });
});

describe('a writer thread that dies', () => {
  it('given appends waiting on it, when it ends, then they fail as storage unavailable, and a retry starts another thread and lands once', async () => {
    const file = join(dir, 'dies.sqlite');
    const workers: Worker[] = [];
    const writer = await WriterThread.start({ file, synchronous: 'full' }, (data) => {
      const worker = spawnWriterWorker(data);
      workers.push(worker);
      return worker;
    });
    const store = new SqliteEventStore(openSqlite(file), { writer });
    try {
      await store.appendToStream('before', [newEvent()], { expectedRevision: 'no-stream' });
      const event = newEvent('Lost');
      const waiting = store.appendToStream('during', [event], { expectedRevision: 'no-stream' });
      void workers[0].terminate();
      await expect(waiting).rejects.toBeInstanceOf(StorageUnavailableError);

      // Whether that commit landed is not known: the same event again is answered either way.
      const retried = await store.appendToStream('during', [event], { expectedRevision: 'no-stream' });
      expect(retried.nextExpectedVersion).toBe(0);
      expect(workers).toHaveLength(2);
      await expect(store.ping()).resolves.toBeUndefined();
      expect((await store.readStream('during')).map((e) => e.eventId)).toEqual([event.eventId]);
      await expect(store.appendToStream('before', [newEvent()], { expectedRevision: 'no-stream' })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    } finally {
      await writer.close();
      await store.close();
    }
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
