import { SqliteEventStore, openSqlite } from '@crm/event-store';
import { EventEmitter } from 'node:events';
import { newEvent } from '../../../../libs/event-store/src/testing/event-store.contract';
import { SealedEventStore } from '../infrastructure/personal-data.factory';
import { ProjectorThreadMessage } from './projector-thread.messages';
import { ProjectorThread, ProjectorWorker } from './projector-thread.service';

/** A worker thread that only records what it is told; the test makes it report and exit. */
class FakeWorker extends EventEmitter implements ProjectorWorker {
  readonly told: ProjectorThreadMessage['type'][] = [];
  terminated = false;
  constructor(private readonly onStop: (worker: FakeWorker) => void = (worker) => worker.emit('exit', 0)) {
    super();
  }
  postMessage(message: ProjectorThreadMessage): void {
    this.told.push(message.type);
    if (message.type === 'stop') this.onStop(this);
  }
  async terminate(): Promise<number> {
    this.terminated = true;
    this.emit('exit', 1);
    return 1;
  }
}

describe('ProjectorThread: the projector thread beside the server', () => {
  let store: SqliteEventStore;
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] }); // the store commits appends on setImmediate
    store = new SqliteEventStore(openSqlite(':memory:'));
  });
  afterEach(async () => {
    jest.useRealTimers();
    await store.close();
  });

  const thread = (workers: FakeWorker[], make: () => FakeWorker = () => new FakeWorker()) =>
    new ProjectorThread(true, {}, store as unknown as SealedEventStore, () => {
      const worker = make();
      workers.push(worker);
      return worker;
    });

  it('given CRM_PROJECTOR is not thread, when the server starts, then no thread starts', () => {
    const workers: FakeWorker[] = [];
    new ProjectorThread(false, {}, store as unknown as SealedEventStore, () => workers[workers.length] = new FakeWorker()).onApplicationBootstrap();
    expect(workers).toHaveLength(0);
  });

  it('given a running thread, when the server commits appends, then the thread is told of each commit', async () => {
    const workers: FakeWorker[] = [];
    thread(workers).onApplicationBootstrap();
    await store.appendToStream('s-1', [newEvent()], { expectedRevision: 'any' });
    await store.appendToStream('s-2', [newEvent()], { expectedRevision: 'any' });
    expect(workers[0].told).toEqual(['appended', 'appended']);
  });

  it('given the thread dies, when time passes, then it is started again after 1 s, then 2 s, then 4 s (each death)', () => {
    const workers: FakeWorker[] = [];
    thread(workers).onApplicationBootstrap();
    for (const [died, waitMs] of [[0, 1000], [1, 2000], [2, 4000]]) {
      workers[died].emit('exit', 1);
      jest.advanceTimersByTime(waitMs - 1);
      expect(workers).toHaveLength(died + 1);
      jest.advanceTimersByTime(1);
      expect(workers).toHaveLength(died + 2);
    }
  });

  it('given a thread that reported running, when it dies again, then the wait starts over at 1 s', () => {
    const workers: FakeWorker[] = [];
    thread(workers).onApplicationBootstrap();
    workers[0].emit('exit', 1);
    jest.advanceTimersByTime(1000);
    workers[1].emit('message', { type: 'running' });
    workers[1].emit('exit', 1);
    jest.advanceTimersByTime(1000);
    expect(workers).toHaveLength(3);
  });

  it('given a running thread, when the server closes, then the thread is asked to stop, waited for, and not started again', async () => {
    const workers: FakeWorker[] = [];
    const service = thread(workers);
    service.onApplicationBootstrap();
    await service.onModuleDestroy();
    expect(workers[0].told).toEqual(['stop']);
    expect(workers[0].terminated).toBe(false);
    jest.advanceTimersByTime(60_000);
    expect(workers).toHaveLength(1);
  });

  it('given a thread that does not stop, when the server closes, then it is terminated after 10 s', async () => {
    const workers: FakeWorker[] = [];
    const service = thread(workers, () => new FakeWorker(() => undefined));
    service.onApplicationBootstrap();
    const closing = service.onModuleDestroy();
    await jest.advanceTimersByTimeAsync(9_999);
    expect(workers[0].terminated).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await closing;
    expect(workers[0].terminated).toBe(true);
  });
});
