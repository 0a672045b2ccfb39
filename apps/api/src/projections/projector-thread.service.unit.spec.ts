import { SqliteEventStore, openSqlite } from '@crm/event-store';
import { EventEmitter } from 'node:events';
import { newEvent } from '../../../../libs/event-store/src/testing/event-store.contract';
import { ProjectorThreadMessage } from './projector-thread.messages';
import { ProjectorThread, ProjectorWorker } from './projector-thread.service';

/** A worker thread that records what it is told; by default it starts at once and stops when asked. */
class FakeWorker extends EventEmitter implements ProjectorWorker {
  readonly told: ProjectorThreadMessage['type'][] = [];
  terminated = false;
  constructor(private readonly behaviour: { starts?: boolean; stops?: boolean; alive?: boolean } = {}) {
    super();
    if (behaviour.starts !== false) setImmediate(() => this.emit('message', { type: 'running' }));
    if (behaviour.alive === false) return;
    const alive = setInterval(() => this.emit('message', { type: 'alive' }), 1000);
    this.on('exit', () => clearInterval(alive));
  }
  postMessage(message: ProjectorThreadMessage): void {
    this.told.push(message.type);
    if (message.type === 'stop' && this.behaviour.stops !== false) this.emit('exit', 0);
  }
  async terminate(): Promise<number> {
    this.terminated = true;
    this.emit('exit', 1);
    return 1;
  }
}

describe('ProjectorThread: the projector thread beside the server', () => {
  let store: SqliteEventStore;
  let now: number;
  let hurry: (() => void) | undefined;
  const engine = { onHurry: (listener: () => void) => (hurry = listener) };
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] }); // the store commits, and the fake starts, on setImmediate
    store = new SqliteEventStore(openSqlite(':memory:'));
    now = 0;
    hurry = undefined;
  });
  afterEach(async () => {
    jest.useRealTimers();
    await store.close();
  });

  const thread = (workers: FakeWorker[], make: () => FakeWorker = () => new FakeWorker(), enabled = true) =>
    new ProjectorThread(enabled, {}, store, engine, {
      silentLimitMs: 15_000,
      clock: () => now,
      spawn: () => {
        const worker = make();
        workers.push(worker);
        return worker;
      },
    });
  /** Lets the clock and the timers move on together. */
  const passMs = async (ms: number) => {
    now += ms;
    await jest.advanceTimersByTimeAsync(ms);
  };

  it('given CRM_PROJECTOR is not thread, when the server starts, then no thread starts', async () => {
    const workers: FakeWorker[] = [];
    await thread(workers, undefined, false).onApplicationBootstrap();
    expect(workers).toHaveLength(0);
  });

  it('given a thread that cannot start, when the server starts, then the start fails with its reason', async () => {
    const broken = () => {
      const worker = new FakeWorker({ starts: false });
      setImmediate(() => { worker.emit('error', new Error('Cannot find module projector-thread.js')); worker.emit('exit', 1); });
      return worker;
    };
    await expect(thread([], broken).onApplicationBootstrap()).rejects.toThrow('the projector thread could not start: Cannot find module projector-thread.js');
  });

  it('given a running thread, when the server commits appends and readers wait for a position, then the thread is told (hurries at most every 5 ms)', async () => {
    const workers: FakeWorker[] = [];
    await thread(workers).onApplicationBootstrap();
    await store.appendToStream('s-1', [newEvent()], { expectedRevision: 'any' });
    await store.appendToStream('s-2', [newEvent()], { expectedRevision: 'any' });
    hurry?.();
    hurry?.();
    now += 5;
    hurry?.();
    expect(workers[0].told).toEqual(['appended', 'appended', 'hurry', 'hurry']);
  });

  it('given the thread dies soon after starting, each time, then it is started again after 1 s, then 2 s, then 4 s', async () => {
    const workers: FakeWorker[] = [];
    await thread(workers).onApplicationBootstrap();
    for (const [died, waitMs] of [[0, 1000], [1, 2000], [2, 4000]]) {
      workers[died].emit('exit', 1);
      await passMs(waitMs - 1);
      expect(workers).toHaveLength(died + 1);
      await passMs(1);
      expect(workers).toHaveLength(died + 2);
    }
  });

  it('given a thread that ran a minute, when it dies, then the wait starts over at 1 s', async () => {
    const workers: FakeWorker[] = [];
    await thread(workers).onApplicationBootstrap();
    workers[0].emit('exit', 1);
    await passMs(1000);
    workers[1].emit('exit', 1); // the wait doubled to 2 s
    await passMs(2000);
    await passMs(60_000); // the third ran steadily (it says it is alive), then died
    workers[2].emit('exit', 1);
    await passMs(1000);
    expect(workers).toHaveLength(4);
  });

  it('given a thread whose event loop is stuck (silent longer than the lease), then it is terminated and started again', async () => {
    const workers: FakeWorker[] = [];
    await thread(workers, () => new FakeWorker({ alive: workers.length > 0 })).onApplicationBootstrap();
    await passMs(15_000);
    expect(workers[0].terminated).toBe(false);
    await passMs(1_000);
    expect(workers[0].terminated).toBe(true);
    await passMs(1_000);
    expect(workers).toHaveLength(2);
  });

  it('given a running thread, when the server closes, then the thread is asked to stop, waited for, and not started again', async () => {
    const workers: FakeWorker[] = [];
    const service = thread(workers);
    await service.onApplicationBootstrap();
    await service.onModuleDestroy();
    expect(workers[0].told).toEqual(['stop']);
    expect(workers[0].terminated).toBe(false);
    await passMs(60_000);
    expect(workers).toHaveLength(1);
  });

  it('given a thread that does not stop, when the server closes, then it is terminated after 10 s', async () => {
    const workers: FakeWorker[] = [];
    const service = thread(workers, () => new FakeWorker({ stops: false }));
    await service.onApplicationBootstrap();
    const closing = service.onModuleDestroy();
    await jest.advanceTimersByTimeAsync(9_999);
    expect(workers[0].terminated).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await closing;
    expect(workers[0].terminated).toBe(true);
  });
});
