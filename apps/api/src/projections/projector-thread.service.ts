import { SqliteEventStore } from '@crm/event-store';
import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SealedEventStore } from '../infrastructure/personal-data.factory';
import { ProjectorThreadMessage, ProjectorThreadReport } from './projector-thread.messages';

const logger = new Logger('ProjectorThread');

/** How long a stopping projector thread may take to finish its batch and release its leases before it is terminated. */
const STOP_LIMIT_MS = 10_000;
const FIRST_RESTART_MS = 1_000;
const MAX_RESTART_MS = 30_000;

/** What the service needs of a worker thread (a fake in the unit tests). */
export interface ProjectorWorker {
  postMessage(message: ProjectorThreadMessage): void;
  on(event: 'message', listener: (report: ProjectorThreadReport) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'exit', listener: (code: number) => void): this;
  terminate(): Promise<number>;
}

/**
 * CRM_PROJECTOR=thread (the default): the projector runs on a worker thread of the server's
 * process (projector-thread.ts), so that folding events and writing read models take the second
 * core instead of the event loop that answers requests. The server's own engine is then passive,
 * as beside a separate projector: it reads the checkpoints the thread commits. This service starts
 * the thread, tells it of each commit of appends, starts it again if it dies (backing off, each
 * time logged), and stops it before the server closes. The leases make a thread that died
 * harmless: its successor takes over what it held once the leases lapse.
 */
export class ProjectorThread implements OnApplicationBootstrap, OnModuleDestroy {
  private worker: ProjectorWorker | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private restartMs = FIRST_RESTART_MS;
  private restartTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly enabled: boolean,
    private readonly env: NodeJS.ProcessEnv,
    private readonly events: SealedEventStore,
    private readonly spawn: (env: NodeJS.ProcessEnv) => ProjectorWorker = spawnProjectorWorker,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    if (this.events instanceof SqliteEventStore) this.unsubscribe = this.events.onAppended(() => this.worker?.postMessage({ type: 'appended' }));
    this.start();
  }

  private start(): void {
    const worker = this.spawn(this.env);
    this.worker = worker;
    this.exited = new Promise((exited) => {
      worker.on('message', (report) => {
        if (report.type === 'running') this.restartMs = FIRST_RESTART_MS;
        if (report.type === 'failed') logger.error(`the projector thread failed: ${report.message}`);
      });
      worker.on('error', (error) => logger.error(`the projector thread failed: ${error.stack ?? error.message}`));
      worker.on('exit', (code) => {
        exited();
        if (this.worker === worker) this.worker = undefined;
        if (this.stopping) return;
        logger.error(`the projector thread stopped (exit code ${code}); starting it again in ${this.restartMs} ms`);
        this.restartTimer = setTimeout(() => this.start(), this.restartMs);
        this.restartMs = Math.min(this.restartMs * 2, MAX_RESTART_MS);
      });
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
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
  return new Worker(join(__dirname, `projector-thread${extname(__filename)}`), { workerData: { env }, env });
}
