import { EventStore, Position, comparePositions } from '@crm/event-store';
import { ReadStore } from '@crm/read-store';
import { randomUUID } from 'node:crypto';
import { Projection, checkpointName, kindOf } from './projection';
import { ProjectionCatalog } from './projection-catalog';
import { DEFAULT_OPTIONS, EngineOptions } from './engine-options';
import { LogFollower } from './log-follower';
import { ProcessorRun } from './processor-run';
import { LogGlance, ProjectionStatus } from './processor-status';
import { RebuildJob, RebuildJobs } from './rebuild-jobs';

export type { RebuildJob } from './rebuild-jobs';

export class ProjectionTimeoutError extends Error {
  override readonly name = 'ProjectionTimeoutError';
  constructor(
    readonly position: Position,
    readonly projections: string[],
  ) {
    super(`projections ${projections.join(', ')} have not reached position ${position} yet`);
  }
}

/** A reactor's reactions have happened: replaying them would change nothing, so it is never rebuilt. */
export class NotRebuildableError extends Error {
  override readonly name = 'NotRebuildableError';
  constructor(readonly processor: string) {
    super(`'${processor}' is a reactor: reactors are not rebuilt`);
  }
}

/** The rebuild lease is held by another process that has not written its job yet (it is starting, or died starting). */
export class RebuildStartingError extends Error {
  override readonly name = 'RebuildStartingError';
  constructor(readonly projection: string) {
    super(`a rebuild of '${projection}' is starting in another process; ask again shortly`);
  }
}

/** How long the replaced generation is kept after a switch, for reads already under way. */
const DROP_AFTER_MS = 5_000;
/** How long a rebuild asked for on a process waits for the one running elsewhere to show its job. */
const FIND_RUNNING_JOB_MS = 3_000;
/** How often a running rebuild writes its progress to the shared store. */
const PROGRESS_EVERY_MS = 500;

/**
 * All processors (projections and reactors) of this process: one follower reads the log for all
 * of them; their statuses, rebuilds (each its own follower of one processor), and read-your-writes waits.
 */
export class ProjectionEngine {
  private readonly processors: Map<string, ProcessorRun>;
  private readonly follower: LogFollower;
  private readonly jobs = new Map<string, RebuildJob>();
  private readonly finished = new Map<string, Promise<RebuildJob>>();
  private readonly rebuilders = new Set<LogFollower>();
  /** Rebuilds between being asked for and having a job (allocating their generation). */
  private readonly startingRebuilds = new Map<string, Promise<RebuildJob>>();
  /** Replaced generations waiting out DROP_AFTER_MS; stop() drops them at once rather than leave a timer behind. */
  private readonly pendingDrops = new Map<NodeJS.Timeout, () => Promise<void>>();
  /** Rebuild leases renewed while this process runs the rebuild. */
  private readonly renewals = new Set<NodeJS.Timeout>();
  /** How each rebuild this process runs is ended (stop() ends those still running as failed). */
  private readonly endings = new Map<string, (outcome: Partial<RebuildJob>) => Promise<void>>();
  readonly catalog: ProjectionCatalog;
  private readonly shared: RebuildJobs;
  private readonly owner: string;
  private stopped = false;
  private readonly hurryListeners: (() => void)[] = [];
  private readonly options: EngineOptions;

  constructor(
    projections: readonly Projection[],
    private readonly events: EventStore,
    private readonly reads: ReadStore,
    options: Partial<EngineOptions> = {},
  ) {
    this.owner = options.owner ?? `${process.pid}-${randomUUID()}`;
    this.options = { ...DEFAULT_OPTIONS, ...options, owner: this.owner };
    this.processors = new Map(projections.map((p) => [p.name, new ProcessorRun(p, reads, this.options)]));
    this.follower = new LogFollower([...this.processors.values()], events, this.options);
    this.catalog = new ProjectionCatalog(reads);
    this.shared = new RebuildJobs(reads, this.options.leaseTtlMs);
  }

  /**
   * Rebuilds a projection into a new generation beside the live one while commands keep
   * arriving; when it has caught up, readers switch to it in one write and the old generation
   * is dropped. A failed rebuild leaves the live generation serving. Asked again while one of
   * the same projection runs (or is starting), here or in another process, it answers that job:
   * every extra rebuild would replay the whole log once more for the same result.
   */
  rebuild(name: string): Promise<RebuildJob> {
    const running = [...this.jobs.values()].find((job) => job.projection === name && job.status === 'running');
    if (running) return Promise.resolve({ ...running });
    const starting = this.startingRebuilds.get(name);
    if (starting) return starting;
    const started = this.claimRebuild(name).finally(() => this.startingRebuilds.delete(name));
    this.startingRebuilds.set(name, started);
    return started;
  }

  /** Starts the rebuild here if no process runs one of the projection, else answers the running job. */
  private async claimRebuild(name: string): Promise<RebuildJob> {
    const projection = this.projection(name);
    if (!projection) throw new Error(`unknown projection '${name}'`);
    if (kindOf(projection) !== 'projection') throw new NotRebuildableError(name);
    // Its own owner per claim: a rebuild ending here must not release the lease a newer one took.
    const owner = `${this.owner}-rebuild-${randomUUID()}`;
    const askedAt = Date.now();
    const deadline = askedAt + FIND_RUNNING_JOB_MS;
    // A job started since this request was asked covers it, even one that has finished meanwhile.
    const since = (job: RebuildJob | undefined) => job !== undefined && Date.parse(job.startedAt) >= askedAt;
    for (;;) {
      if (await this.shared.claim(name, owner)) {
        const latest = await this.shared.latest(name);
        if (!since(latest)) return this.startRebuild(projection, owner);
        await this.shared.release(name, owner);
        return latest as RebuildJob;
      }
      // The holder writes its job right after taking the lease; it may not be there yet.
      const job = await this.shared.latest(name);
      if (job?.status === 'running' || since(job)) return job as RebuildJob;
      if (Date.now() >= deadline) throw new RebuildStartingError(name);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async startRebuild(projection: Projection, owner: string): Promise<RebuildJob> {
    const name = projection.name;
    const release = () => this.shared.release(name, owner).catch(() => undefined);
    if (this.stopped) {
      await release();
      throw new Error('the projection engine has stopped');
    }
    let job: RebuildJob;
    let replaced: number;
    try {
      replaced = await this.catalog.activeGeneration(projection);
      // Under the rebuild lease: no other process allocates a generation of this projection meanwhile.
      const generation = await this.catalog.allocateGeneration(projection);
      job = { id: randomUUID(), projection: name, generation, status: 'running', startedAt: new Date().toISOString(), position: null, head: null, eventsPerSecond: null, etaSeconds: null };
      await this.shared.save(job, true);
    } catch (error) {
      await release();
      throw error;
    }
    const started = Date.parse(job.startedAt);
    this.jobs.set(job.id, job);
    // Progress is written to the shared store in order, at most every PROGRESS_EVERY_MS, the end last.
    let written = Promise.resolve();
    let writtenAt = Date.now();
    const write = () => {
      const snapshot = { ...job };
      writtenAt = Date.now();
      written = written.then(() => this.shared.save(snapshot)).catch(() => undefined);
      return written;
    };
    const renewal = setInterval(() => void this.shared.claim(name, owner).catch(() => undefined), this.options.leaseTtlMs / 3);
    this.renewals.add(renewal);
    let finish!: () => void;
    this.finished.set(job.id, new Promise<void>((resolve) => (finish = resolve)).then(() => job));
    const end = async (outcome: Partial<RebuildJob>) => {
      this.endings.delete(job.id);
      Object.assign(job, { finishedAt: new Date().toISOString(), ...outcome });
      clearInterval(renewal);
      this.renewals.delete(renewal);
      await write();
      await release();
    };
    const stopRebuild = () => follower.stop().then(() => this.rebuilders.delete(follower));
    const run = new ProcessorRun(projection, this.reads, {
      ...this.options,
      passive: false, // a rebuild runs where it is asked for, also beside a separate projector
      owner: `${this.owner}-rebuild-${job.id}`,
      generation: job.generation,
      onPosition: (position) =>
        void this.progress(job, started, position)
          .then((moved) => {
            if (moved && Date.now() - writtenAt >= PROGRESS_EVERY_MS) void write();
          })
          .catch(() => undefined), // progress is best effort: the next commit tells it again
      onFailed: (error) => void end({ status: 'failed', error: error.message }).then(stopRebuild).finally(finish),
    });
    const follower: LogFollower = new LogFollower([run], this.events, {
      ...this.options,
      onCaughtUp: async () => {
        if (job.status !== 'running') return;
        await this.catalog.switchTo(projection, job.generation);
        await end({ status: 'switched', etaSeconds: 0 });
        void stopRebuild();
        const drop = () => this.catalog.dropGeneration(projection, replaced).catch(() => undefined).finally(finish);
        const timer = setTimeout(() => {
          this.pendingDrops.delete(timer);
          void drop();
        }, DROP_AFTER_MS);
        this.pendingDrops.set(timer, drop);
      },
    });
    this.endings.set(job.id, (outcome) => end(outcome).finally(finish));
    this.rebuilders.add(follower);
    follower.start();
    return { ...job };
  }

  /** A rebuild's progress after a commit: where it is, how fast it goes, how long it has left. */
  private async progress(job: RebuildJob, started: number, position: Position): Promise<boolean> {
    const head = await this.events.headPosition();
    const seconds = (Date.now() - started) / 1000;
    const done = Number(position);
    const rate = seconds > 0 && Number.isSafeInteger(done) ? done / seconds : null;
    if (job.status !== 'running') return false;
    Object.assign(job, { position, head, eventsPerSecond: rate && Math.round(rate), etaSeconds: rate && head ? Math.max(0, Math.round((Number(head) - done) / rate)) : null });
    return true;
  }

  /** A rebuild this process runs, as it is now. */
  job(id: string): RebuildJob | undefined {
    return this.jobs.get(id);
  }

  /** A rebuild run by any process (this one's as it is now, another's as it last wrote it). */
  async sharedJob(id: string): Promise<RebuildJob | undefined> {
    const local = this.jobs.get(id);
    return local ? { ...local } : this.shared.get(id);
  }

  /** Resolves when the rebuild has switched readers and dropped the replaced generation, or has failed. */
  whenFinished(id: string): Promise<RebuildJob> {
    return this.finished.get(id) ?? this.followShared(id);
  }

  /** A job another process runs (this one answered a request with it): followed in the shared store. */
  private async followShared(id: string): Promise<RebuildJob> {
    for (;;) {
      const job = await this.shared.get(id);
      if (!job) throw new Error(`no rebuild '${id}'`);
      if (job.status !== 'running') return job;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Whether a rebuild of the projection runs, here or in another process. */
  private async rebuilding(name: string): Promise<boolean> {
    if ([...this.jobs.values()].some((job) => job.projection === name && job.status === 'running')) return true;
    return kindOf(this.projection(name) ?? {}) === 'projection' && (await this.shared.latest(name))?.status === 'running';
  }

  start(): void {
    this.follower.start();
  }

  /** A reader waits for a position: commit what the follower has gathered now, not at the end of its window. */
  hurry(): void {
    this.follower.hurry();
  }

  /**
   * Also tell `listener` when a reader waits (see waitFor): a passive engine whose projections run
   * elsewhere (the server's projector thread) passes the hurry on to them.
   */
  onHurry(listener: () => void): void {
    this.hurryListeners.push(listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // A rebuild still being claimed either starts before this goes on (and is stopped below) or refuses to.
    await Promise.allSettled([...this.startingRebuilds.values()]);
    await Promise.all([this.follower, ...this.rebuilders].map((follower) => follower.stop()));
    // A rebuild cut short by its process's stop: every process sees it failed, and may start another.
    await Promise.all([...this.endings.values()].map((end) => end({ status: 'failed', error: 'the process running this rebuild stopped' })));
    for (const renewal of this.renewals) clearInterval(renewal);
    this.renewals.clear();
    const drops = [...this.pendingDrops];
    this.pendingDrops.clear();
    for (const [timer] of drops) clearTimeout(timer);
    await Promise.all(drops.map(([, drop]) => drop()));
  }

  projection(name: string): Projection | undefined {
    return this.processors.get(name)?.projection;
  }

  async statuses(): Promise<ProjectionStatus[]> {
    const log = await LogGlance.of(this.events);
    const statuses = await Promise.all([...this.processors.values()].map((processor) => processor.status(log)));
    return Promise.all(statuses.map(async (status) => ((await this.rebuilding(status.name)) ? { ...status, status: 'rebuilding' as const } : status)));
  }

  /** The checkpoint every one of the named projections has committed (the lowest). */
  async position(names: readonly string[]): Promise<Position | null> {
    let lowest: Position | null = null;
    for (const name of names) {
      const projection = this.projection(name);
      if (!projection) throw new Error(`unknown projection '${name}'`);
      const generation = await this.catalog.activeGeneration(projection);
      const position = (await this.reads.getCheckpoint(checkpointName(projection, generation))) ?? null;
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
      this.hurry();
      for (const listener of this.hurryListeners) listener();
      if (Date.now() >= deadline) throw new ProjectionTimeoutError(position, [...names]);
      await new Promise((resolve) => setTimeout(resolve, Math.min(10, Math.max(1, deadline - Date.now()))));
    }
  }
}
