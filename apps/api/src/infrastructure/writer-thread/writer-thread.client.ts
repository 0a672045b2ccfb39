import { AppendResult, AppendWriter, ExpectedRevision, NewEvent, SqliteSynchronous, StorageUnavailableError } from '@crm/event-store';
import { Logger } from '@nestjs/common';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { WRITER_READY, WriterAnswers, WriterReply, WriterRequest, WriterThreadData, fromWire } from './writer-thread.messages';

const logger = new Logger('WriterThread');

/** How long the thread may take to open its connections (compiling on the fly included). */
const START_LIMIT_MS = 60_000;

type Op = WriterRequest['op'];
/** A request as the caller gives it: the id is the client's. */
type Ask = WriterRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

interface Waiting {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * CRM_SQLITE_WRITER=thread (the default): the data file's writes from requests (the log's appends
 * and the Idempotency-Key records) run on a worker thread (writer-thread.ts), so that the event
 * loop that answers requests never blocks on a commit, a fsync or the file's write lock; it only
 * reads. Requests made in one turn of the loop go over in one message, and their replies come
 * back the same way. A thread that dies fails what it was asked (503: whether a commit in flight
 * landed is not known, and a retry with the same event ids is answered from the log), and the
 * next write starts another.
 */
export class WriterThread implements AppendWriter {
  private worker: Promise<Worker> | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private outbox: WriterRequest[] = [];
  private closed = false;
  /** Resolves when the current thread has ended. */
  private exited: Promise<void> = Promise.resolve();

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

  append(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.ask({ op: 'append', streamId, events, expectedRevision });
  }

  ping(): Promise<void> {
    return this.ask({ op: 'ping' });
  }

  ask<O extends Op>(request: Extract<Ask, { op: O }>): Promise<WriterAnswers[O]> {
    if (this.closed) return Promise.reject(new StorageUnavailableError('the data file is closed'));
    const id = this.nextId++;
    return new Promise<WriterAnswers[O]>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      if (this.outbox.length === 0) setImmediate(() => void this.post());
      this.outbox.push({ ...request, id } as WriterRequest);
    });
  }

  private async post(): Promise<void> {
    const requests = this.outbox;
    this.outbox = [];
    try {
      (await this.running()).postMessage(requests);
    } catch (error) {
      for (const { id } of requests) this.settle(id, (waiting) => waiting.reject(error));
    }
  }

  /** The running thread, started if there is none (at first, and after one died). */
  private running(): Promise<Worker> {
    return (this.worker ??= this.spawn());
  }

  private spawn(): Promise<Worker> {
    const worker = this.spawnWorker(this.data);
    let started = false;
    let failure: Error | undefined;
    let exited!: () => void;
    this.exited = new Promise((resolve) => (exited = resolve));
    const running = new Promise<Worker>((resolve, reject) => {
      const limit = setTimeout(() => {
        reject(new StorageUnavailableError(`the writer thread did not start within ${START_LIMIT_MS / 1000} s`));
        void worker.terminate();
      }, START_LIMIT_MS);
      worker.on('message', (message: typeof WRITER_READY | WriterReply[]) => {
        if (message === WRITER_READY) {
          started = true;
          clearTimeout(limit);
          resolve(worker);
          return;
        }
        for (const reply of message) this.settle(reply.id, (waiting) => (reply.ok ? waiting.resolve(reply.value) : waiting.reject(fromWire(reply.error))));
      });
      worker.on('error', (error: Error) => {
        failure = error;
        logger.error(`the writer thread failed: ${error.stack ?? error.message}`);
      });
      worker.on('exit', (code) => {
        exited();
        clearTimeout(limit);
        if (this.worker === running) this.worker = undefined;
        const why = `the writer thread ${started ? 'stopped' : 'could not start'}: ${failure?.message ?? `exit code ${code}`}`;
        if (!started) reject(new StorageUnavailableError(why));
        else if (!this.closed) logger.error(`${why}; the next write starts another`);
        // Whatever it was asked and did not answer: a commit in flight may or may not have landed.
        for (const id of [...this.waiting.keys()]) this.settle(id, (waiting) => waiting.reject(new StorageUnavailableError(why)));
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

  /** Commits what was asked, closes the thread's connections and ends it. */
  async close(): Promise<void> {
    if (this.closed) return;
    const done = this.worker ? this.ask({ op: 'close' }) : undefined;
    this.closed = true;
    if (!done) return;
    await done.catch(() => undefined);
    await this.exited;
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
