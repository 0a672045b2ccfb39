import { EventStore } from '@crm/event-store';
import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ALIVE_EVERY_MS, ProjectorThreadMessage, ProjectorThreadReport } from './projector-thread.messages';

const logger = new Logger('ProjectorThread');

/** How long a stopping projector thread may take to finish its batch and release its leases before it is terminated. */
const STOP_LIMIT_MS = 10_000;
/** How long the first thread may take to start (compiling on the fly included) before the server's start fails. */
const START_LIMIT_MS = 60_000;
const FIRST_RESTART_MS = 1_000;
const MAX_RESTART_MS = 30_000;
/** A thread that ran this long before it died is started again at once, not after the last wait doubled. */
const STEADY_AFTER_MS = 60_000;
/** Readers waiting for a position are passed on at most this often. */
const HURRY_EVERY_MS = 5;

/** What the service needs of a worker thread (a fake in the unit tests). */
export interface ProjectorWorker {
  postMessage(message: ProjectorThreadMessage): void;
  on(event: 'message', listener: (report: ProjectorThreadReport) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'exit', listener: (code: number) => void): this;
  terminate(): Promise<number>;
}

export interface ProjectorThreadOptions {
  /** A thread silent this long (its event loop stuck) is terminated and started again: the projection lease, since by then its leases lapse. */
  silentLimitMs: number;
  clock?: () => number;
  spawn?: (env: NodeJS.ProcessEnv) => ProjectorWorker;
}

/**
 * CRM_PROJECTOR=thread (the default): the projector runs on a worker thread of the server's
 * process (projector-thread.ts), so that folding events and writing read models take the second
 * core instead of the event loop that answers requests. The server's own engine is then passive,
 * as beside a separate projector: it reads the checkpoints the thread commits. This service starts
 * the thread (the server's start fails, in one line, if the first one cannot start), tells it of
 * each commit of appends and of readers waiting for a position, starts it again if it dies or
 * stops answering (backing off, each time logged), and stops it before the server closes. The
 * leases make a thread that died harmless: its successor takes over once they lapse.
 */
export class ProjectorThread implements OnApplicationBootstrap, OnModuleDestroy {
  private worker: ProjectorWorker | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private restartMs = FIRST_RESTART_MS;
  private restartTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private lastHeard = 0;
  private lastHurry = Number.NEGATIVE_INFINITY;
  private unsubscribe: (() => void) | undefined;
  private readonly clock: () => number;
  private readonly spawn: (env: NodeJS.ProcessEnv) => ProjectorWorker;

  constructor(
    private readonly enabled: boolean,
    private readonly env: NodeJS.ProcessEnv,
    private readonly events: EventStore,
    private readonly engine: { onHurry(listener: () => void): void },
    private readonly options: ProjectorThreadOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    this.spawn = options.spawn ?? spawnProjectorWorker;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    this.unsubscribe = this.events.onAppended(() => this.worker?.postMessage({ type: 'appended' }));
    this.engine.onHurry(() => {
      const now = this.clock();
      if (now - this.lastHurry < HURRY_EVERY_MS) return;
      this.lastHurry = now;
      this.worker?.postMessage({ type: 'hurry' });
    });
    await this.firstStart();
    this.watchdog = setInterval(() => this.watch(), ALIVE_EVERY_MS);
    this.watchdog.unref();
  }

  /** The server's start waits for the first thread, and fails (in one line) if it cannot start. */
  private async firstStart(): Promise<void> {
    let limit: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, fail) => {
      limit = setTimeout(() => fail(new Error(`the projector thread did not start within ${START_LIMIT_MS / 1000} s`)), START_LIMIT_MS);
    });
    try {
      await Promise.race([this.start(), late]);
    } catch (error) {
      void this.worker?.terminate();
      throw error;
    } finally {
      clearTimeout(limit);
    }
  }

  /** Starts a thread: resolves once it runs, rejects if it ends before; one that ends later is started again. */
  private start(): Promise<void> {
    const worker = this.spawn(this.env);
    this.worker = worker;
    const startedAt = this.clock();
    this.lastHeard = startedAt;
    let running = false;
    let failure: Error | undefined;
    let exited!: () => void;
    this.exited = new Promise((resolve) => (exited = resolve));
    return new Promise<void>((started, failed) => {
      worker.on('message', (report) => {
        this.lastHeard = this.clock();
        if (report.type === 'running' && !running) {
          running = true;
          started();
        }
      });
      worker.on('error', (error) => {
        failure = error;
        if (running) logger.error(`the projector thread failed: ${error.stack ?? error.message}`);
      });
      worker.on('exit', (code) => {
        exited();
        if (this.worker === worker) this.worker = undefined;
        if (!running) failed(new Error(`the projector thread could not start: ${failure?.message ?? `it exited with code ${code}`}`));
        else if (!this.stopping) this.startLater(`the projector thread stopped (exit code ${code})`, this.clock() - startedAt >= STEADY_AFTER_MS);
      });
    });
  }

  /** Starts another thread after the backoff (back to the first wait when the last one ran steadily). */
  private startLater(why: string, steady: boolean): void {
    if (steady) this.restartMs = FIRST_RESTART_MS;
    logger.error(`${why}; starting it again in ${this.restartMs} ms`);
    this.restartTimer = setTimeout(() => {
      this.start().catch((error: Error) => {
        if (!this.stopping) this.startLater(error.message, false);
      });
    }, this.restartMs);
    this.restartMs = Math.min(this.restartMs * 2, MAX_RESTART_MS);
  }

  /** A thread whose event loop no longer turns renews no lease and projects nothing: end it, and the exit starts another. */
  private watch(): void {
    const worker = this.worker;
    if (!worker || this.stopping) return;
    const silentMs = this.clock() - this.lastHeard;
    if (silentMs <= this.options.silentLimitMs) return;
    logger.error(`the projector thread has not answered for ${silentMs} ms: terminating it`);
    this.lastHeard = this.clock(); // once per thread
    void worker.terminate();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    clearInterval(this.watchdog);
    this.unsubscribe?.();
    const worker = this.worker;
    if (!worker) return;
    worker.postMessage({ type: 'stop' });
    let limit: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (limit = setTimeout(() => resolve('late'), STOP_LIMIT_MS)));
    try {
      if ((await Promise.race([this.exited, late])) === 'late') {
        logger.warn(`the projector thread did not stop within ${STOP_LIMIT_MS} ms: terminating it (its leases lapse, and the next start takes over)`);
        await worker.terminate();
      }
    } finally {
      clearTimeout(limit);
    }
  }
}

/**
 * The thread runs projector-thread.js next to this file (compiled), or projector-thread.ts where
 * the server itself runs from TypeScript: the worker inherits the process's `-r` hooks (ts-node).
 */
function spawnProjectorWorker(env: NodeJS.ProcessEnv): ProjectorWorker {
  return new Worker(join(__dirname, `projector-thread${extname(__filename)}`), { env });
}
