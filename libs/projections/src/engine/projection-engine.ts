import { EventStore, Position, comparePositions } from '@crm/event-store';
import { ReadStore } from '@crm/read-store';
import { randomUUID } from 'node:crypto';
import { Projection, checkpointName } from './projection';
import { ProjectionCatalog } from './projection-catalog';
import { ProjectionRunner, ProjectionStatus, RunnerOptions } from './projection-runner';
import { SharedLogWindow } from './shared-log-window';

export class ProjectionTimeoutError extends Error {
  override readonly name = 'ProjectionTimeoutError';
  constructor(
    readonly position: Position,
    readonly projections: string[],
  ) {
    super(`projections ${projections.join(', ')} have not reached position ${position} yet`);
  }
}

export interface RebuildJob {
  id: string;
  projection: string;
  generation: number;
  status: 'running' | 'switched' | 'failed';
  startedAt: string;
  finishedAt?: string;
  position: Position | null;
  head: Position | null;
  eventsPerSecond: number | null;
  etaSeconds: number | null;
  error?: string;
}

/** How long the replaced generation is kept after a switch, for reads already under way. */
const DROP_AFTER_MS = 5_000;

/** All projections of this process: one runner each, their status, rebuilds, and read-your-writes waits. */
export class ProjectionEngine {
  private readonly runners: Map<string, ProjectionRunner>;
  private readonly jobs = new Map<string, RebuildJob>();
  private readonly finished = new Map<string, Promise<RebuildJob>>();
  private readonly rebuilders = new Set<ProjectionRunner>();
  /** Rebuilds between being asked for and having a job (allocating their generation). */
  private readonly startingRebuilds = new Map<string, Promise<RebuildJob>>();
  /** Replaced generations waiting out DROP_AFTER_MS; stop() drops them at once rather than leave a timer behind. */
  private readonly pendingDrops = new Map<NodeJS.Timeout, () => Promise<void>>();
  readonly catalog: ProjectionCatalog;
  private readonly owner: string;

  constructor(
    projections: readonly Projection[],
    private readonly events: EventStore,
    private readonly reads: ReadStore,
    private readonly options: Partial<RunnerOptions> = {},
  ) {
    this.owner = options.owner ?? `${process.pid}-${randomUUID()}`;
    // Runners catching up together (a first start, a restart after downtime) share their reads.
    const sharedReads = new SharedLogWindow(events);
    this.runners = new Map(projections.map((p) => [p.name, new ProjectionRunner(p, events, reads, { ...options, owner: this.owner, sharedReads })]));
    this.catalog = new ProjectionCatalog(reads);
  }

  /**
   * Rebuilds a projection into a new generation beside the live one while commands keep
   * arriving; when it has caught up, readers switch to it in one write and the old generation
   * is dropped. A failed rebuild leaves the live generation serving. Asked again while one of
   * the same projection runs (or is starting), it answers that job: every extra rebuild would
   * replay the whole log once more for the same result.
   */
  rebuild(name: string): Promise<RebuildJob> {
    const running = [...this.jobs.values()].find((job) => job.projection === name && job.status === 'running');
    if (running) return Promise.resolve(running);
    const starting = this.startingRebuilds.get(name);
    if (starting) return starting;
    const started = this.startRebuild(name).finally(() => this.startingRebuilds.delete(name));
    this.startingRebuilds.set(name, started);
    return started;
  }

  private async startRebuild(name: string): Promise<RebuildJob> {
    const projection = this.projection(name);
    if (!projection) throw new Error(`unknown projection '${name}'`);
    const replaced = await this.catalog.activeGeneration(projection);
    const generation = await this.catalog.allocateGeneration(projection);
    const started = Date.now();
    const job: RebuildJob = { id: randomUUID(), projection: name, generation, status: 'running', startedAt: new Date(started).toISOString(), position: null, head: null, eventsPerSecond: null, etaSeconds: null };
    this.jobs.set(job.id, job);
    let finish!: () => void;
    this.finished.set(job.id, new Promise<void>((resolve) => (finish = resolve)).then(() => job));
    const runner: ProjectionRunner = new ProjectionRunner(projection, this.events, this.reads, {
      ...this.options,
      passive: false, // a rebuild runs where it is asked for, also beside a separate projector
      owner: `${this.owner}-rebuild-${job.id}`,
      generation,
      onCaughtUp: async () => {
        if (job.status !== 'running') return;
        await this.catalog.switchTo(projection, generation);
        Object.assign(job, { status: 'switched', finishedAt: new Date().toISOString(), etaSeconds: 0 });
        void runner.stop().then(() => this.rebuilders.delete(runner));
        const drop = () => this.catalog.dropGeneration(projection, replaced).catch(() => undefined).finally(finish);
        const timer = setTimeout(() => {
          this.pendingDrops.delete(timer);
          void drop();
        }, DROP_AFTER_MS);
        this.pendingDrops.set(timer, drop);
      },
    });
    runner.changed.on('position', async (position: Position) => {
      const head = await this.events.headPosition();
      const seconds = (Date.now() - started) / 1000;
      const done = Number(position);
      const rate = seconds > 0 && Number.isSafeInteger(done) ? done / seconds : null;
      Object.assign(job, { position, head, eventsPerSecond: rate && Math.round(rate), etaSeconds: rate && head ? Math.max(0, Math.round((Number(head) - done) / rate)) : null });
    });
    runner.changed.on('failed', (error: { message: string }) => {
      Object.assign(job, { status: 'failed', finishedAt: new Date().toISOString(), error: error.message });
      void runner.stop().then(() => this.rebuilders.delete(runner)).finally(finish);
    });
    this.rebuilders.add(runner);
    runner.start();
    return job;
  }

  job(id: string): RebuildJob | undefined {
    return this.jobs.get(id);
  }

  /** Resolves when the rebuild has switched readers and dropped the replaced generation, or has failed. */
  whenFinished(id: string): Promise<RebuildJob> {
    return this.finished.get(id) ?? Promise.reject(new Error(`no rebuild '${id}'`));
  }

  private rebuilding(name: string): boolean {
    return [...this.jobs.values()].some((job) => job.projection === name && job.status === 'running');
  }

  start(): void {
    for (const runner of this.runners.values()) runner.start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.runners.values(), ...this.rebuilders].map((runner) => runner.stop()));
    const drops = [...this.pendingDrops];
    this.pendingDrops.clear();
    for (const [timer] of drops) clearTimeout(timer);
    await Promise.all(drops.map(([, drop]) => drop()));
  }

  projection(name: string): Projection | undefined {
    return this.runners.get(name)?.projection;
  }

  async statuses(): Promise<ProjectionStatus[]> {
    const statuses = await Promise.all([...this.runners.values()].map((runner) => runner.status()));
    return statuses.map((status) => (this.rebuilding(status.name) ? { ...status, status: 'rebuilding' as const } : status));
  }

  /** The checkpoint every one of the named projections has committed (the lowest). */
  async position(names: readonly string[]): Promise<Position | null> {
    let lowest: Position | null = null;
    for (const name of names) {
      const runner = this.runners.get(name);
      if (!runner) throw new Error(`unknown projection '${name}'`);
      const generation = await this.catalog.activeGeneration(runner.projection);
      const position = (await this.reads.getCheckpoint(checkpointName(runner.projection, generation))) ?? null;
      if (position === null) return null;
      if (lowest === null || comparePositions(position, lowest) < 0) lowest = position;
    }
    return lowest;
  }

  /**
   * Waits until the named projections have processed `position` (read-your-writes). Checkpoints
   * are read from the read store, so this also works while another process holds the lease.
   */
  async waitFor(names: readonly string[], position: Position, timeoutMs: number): Promise<Position> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reached = await this.position(names);
      if (reached !== null && comparePositions(reached, position) >= 0) return reached;
      for (const name of names) this.runners.get(name)?.hurry();
      if (Date.now() >= deadline) throw new ProjectionTimeoutError(position, [...names]);
      await new Promise((resolve) => setTimeout(resolve, Math.min(10, Math.max(1, deadline - Date.now()))));
    }
  }
}
