import { AppendResult, AppendWriter, ExpectedRevision, SerialisedEvent, SqliteSynchronous, StorageUnavailableError } from '@crm/event-store';
import { Logger } from '@nestjs/common';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PerTurnBatch } from './per-turn-batch';
import { WRITER_READY, WriterAnswers, WriterAsk, WriterReply, WriterRequest, WriterThreadData, fromWire } from './writer-thread.messages';

const logger = new Logger('WriterThread');

/** How long a thread may take to open its connections (compiling on the fly included). */
const START_LIMIT_MS = 60_000;

/** How long a ping (the readiness probe's) may wait for the thread before it counts as unavailable. */
const PING_LIMIT_MS = 5_000;
/** How long a closing thread may take to commit what it was asked before it is terminated. */
const STOP_LIMIT_MS = 10_000;
/** After a thread failed to start, writes fail at once for this long instead of starting another each. */
const RESTART_PAUSE_MS = 1_000;

type Op = WriterAsk['op'];

interface Waiting {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** One started thread: what it was sent and has not answered, and whether it has ended. */
interface Thread {
  worker: Worker;
  sent: Set<number>;
  ended: boolean;
  exited: Promise<void>;
}

/**
 * CRM_SQLITE_WRITER=thread (the default): the data file's writes from requests (the log's appends
 * and the Idempotency-Key records) run on a worker thread (writer-thread.ts), so that the event
 * loop that answers requests does not block on their commits, fsyncs or the file's write lock.
 * Requests made in one turn of the loop go over in one message, and their replies come back the
 * same way. A thread that dies fails what it was sent (503, outcome unknown: a commit in flight
 * may have landed, and a retry with the same Idempotency-Key is answered from the log); what was
 * not sent yet goes to the next thread, which the next write starts.
 */
export class WriterThread implements AppendWriter {
  private thread: Promise<Thread> | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  /** Requests go over once per turn of the loop, together. */
  private readonly outbox = new PerTurnBatch<WriterRequest>((requests) => void this.post(requests));
  private closing: Promise<void> | undefined;
  /** After a thread failed to start: why, and until when writes fail at once. */
  private startFailure: { error: Error; until: number } | undefined;

  private constructor(
    private readonly data: WriterThreadData,
    private readonly spawnWorker: (data: WriterThreadData) => Worker,
  ) {}

  /** Starts the thread; rejects (in one line) if it cannot open the file. `spawn`: for tests that end a thread. */
  static async start(data: WriterThreadData, spawn = spawnWriterWorker): Promise<WriterThread> {
    const writer = new WriterThread(data, spawn);
    await writer.running();
    return writer;
  }

  append(streamId: string, events: readonly SerialisedEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.ask({ op: 'append', streamId, events, expectedRevision });
  }

  /** Answers once the thread has run a query on its connection; a 503 if it cannot within PING_LIMIT_MS. */
  ping(): Promise<void> {
    return withinLimit(this.ask({ op: 'ping' }), PING_LIMIT_MS, () => {
      throw new StorageUnavailableError(`the writer thread did not answer within ${PING_LIMIT_MS / 1000} s`);
    });
  }

  ask<O extends Op>(request: Extract<WriterAsk, { op: O }>): Promise<WriterAnswers[O]> {
    if (this.closing) return Promise.reject(new StorageUnavailableError('the data file is closed'));
    return this.send(request);
  }

  private send<O extends Op>(request: Extract<WriterAsk, { op: O }>): Promise<WriterAnswers[O]> {
    const id = this.nextId++;
    return new Promise<WriterAnswers[O]>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.outbox.push({ ...request, id } as WriterRequest);
    });
  }

  private async post(requests: WriterRequest[]): Promise<void> {
    let thread: Thread;
    try {
      thread = await this.running();
    } catch (error) {
      for (const { id } of requests) this.settle(id, (waiting) => waiting.reject(error));
      return;
    }
    // Only what is still awaited (a request is never sent after its caller was answered); to a
    // thread that ended meanwhile, nothing: the next one takes it. What a thread was sent, its end fails.
    const live = requests.filter(({ id }) => this.waiting.has(id));
    if (thread.ended) return this.outbox.push(...live);
    for (const { id } of live) thread.sent.add(id);
    thread.worker.postMessage(live);
  }

  /** The running thread, started if there is none (at first, and after one died). */
  private running(): Promise<Thread> {
    if (this.thread) return this.thread;
    const failed = this.startFailure;
    if (failed && Date.now() < failed.until) return Promise.reject(new StorageUnavailableError(`the writer thread could not start: ${failed.error.message}`));
    return (this.thread = this.spawn());
  }

  private spawn(): Promise<Thread> {
    const worker = this.spawnWorker(this.data);
    let exited!: () => void;
    const thread: Thread = { worker, sent: new Set(), ended: false, exited: new Promise((resolve) => (exited = resolve)) };
    let started = false;
    let failure: Error | undefined;
    const running = new Promise<Thread>((resolve, reject) => {
      const limit = setTimeout(() => {
        failure = new Error(`it did not start within ${START_LIMIT_MS / 1000} s`);
        void worker.terminate();
      }, START_LIMIT_MS);
      worker.on('message', (message: typeof WRITER_READY | WriterReply[]) => {
        if (message === WRITER_READY) {
          started = true;
          clearTimeout(limit);
          resolve(thread);
          return;
        }
        for (const reply of message) {
          thread.sent.delete(reply.id);
          this.settle(reply.id, (waiting) => (reply.ok ? waiting.resolve(reply.value) : waiting.reject(fromWire(reply.error))));
        }
      });
      worker.on('error', (error: Error) => {
        failure = error;
        logger.error(`the writer thread failed: ${error.stack ?? error.message}`);
      });
      worker.on('exit', (code) => {
        clearTimeout(limit);
        thread.ended = true;
        if (this.thread === running) this.thread = undefined;
        const why = `the writer thread ${started ? 'stopped' : 'could not start'}: ${failure?.message ?? `exit code ${code}`}`;
        if (!started) {
          this.startFailure = { error: failure ?? new Error(`exit code ${code}`), until: Date.now() + RESTART_PAUSE_MS };
          reject(new StorageUnavailableError(why));
        } else if (!this.closing) logger.error(`${why}; the next write starts another`);
        // What it was sent and did not answer: a commit in flight may or may not have landed.
        for (const id of thread.sent) this.settle(id, (waiting) => waiting.reject(new StorageUnavailableError(why, { outcomeUnknown: true })));
        exited();
      });
    });
    running.catch(() => undefined); // a failed start is reported to whoever awaits it
    return running;
  }

  private settle(id: number, how: (waiting: Waiting) => void): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    this.waiting.delete(id);
    how(waiting);
  }

  /**
   * Commits what was asked (the close goes after it, in order), closes the thread's connections
   * and ends it; a thread that takes longer than STOP_LIMIT_MS is terminated. Writes asked after
   * are refused. Every caller gets the same promise.
   */
  close(): Promise<void> {
    return (this.closing ??= this.stop());
  }

  private async stop(): Promise<void> {
    if (!this.thread && this.outbox.size === 0) return;
    const closed = this.send({ op: 'close' }).then(
      () => this.thread?.then((thread) => thread.exited),
      () => undefined,
    );
    await withinLimit(closed, STOP_LIMIT_MS, async () => {
      logger.warn(`the writer thread did not stop within ${STOP_LIMIT_MS / 1000} s: terminating it`);
      await (await this.thread?.catch(() => undefined))?.worker.terminate();
    });
  }
}

/** `work`'s outcome, or `late`'s once `ms` have passed first. */
async function withinLimit<T>(work: Promise<T>, ms: number, late: () => T | Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  try {
    const first = await Promise.race([work.then((value) => ({ value })), limit]);
    return first === 'late' ? await late() : first.value;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs writer-thread.js next to this file (compiled), or writer-thread.ts where the server runs
 * from TypeScript: under ts-node the thread inherits the process's `-r` hooks; under Jest, whose
 * module system does not reach a thread, it registers them itself.
 */
export function spawnWriterWorker(data: WriterThreadData): Worker {
  const typescript = extname(__filename) === '.ts';
  const hooked = process.execArgv.some((arg) => arg.includes('ts-node'));
  const execArgv = typescript && !hooked ? ['-r', require.resolve('ts-node/register/transpile-only'), '-r', require.resolve('tsconfig-paths/register')] : undefined;
  return new Worker(join(__dirname, `writer-thread${extname(__filename)}`), { workerData: data, execArgv });
}
