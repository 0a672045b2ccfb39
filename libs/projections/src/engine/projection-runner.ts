import { toDomainEvent } from '@crm/application';
import { EventStore, Position, RecordedEvent, asStorageUnavailable, comparePositions } from '@crm/event-store';
import { LeaseLostError, ReadOperation, ReadStore } from '@crm/read-store';
import { EventEmitter } from 'node:events';
import { BatchView } from './batch-view';
import { ProcessorKind, ProjectedEvent, Projection, checkpointName, kindOf, physicalCollection } from './projection';
import { ProjectionCatalog } from './projection-catalog';
import { SharedLogWindow } from './shared-log-window';
import { SharedState, sharedStatus } from './shared-status';
import { eventLoopTurns } from './event-loop-turns';

export type ProjectionState = 'starting' | 'standby' | 'catching-up' | 'live' | 'rebuilding' | 'failed' | 'stopped';

export interface ProjectionStatus {
  name: string;
  kind: ProcessorKind;
  version: number;
  generation: number;
  status: ProjectionState;
  position: Position | null;
  /** Events (of any type) between the checkpoint and the head of the log, where the store can tell. */
  lagEvents: number | null;
  /** How long ago the oldest event past the checkpoint was recorded (0 when none), whatever the status. */
  lagMs: number;
  /**
   * No process has run the projection for longer than its lease, as far as this process has watched
   * (`stopped` for that long): its read models stand still, and `/health` says so.
   */
  unattended: boolean;
  error?: { position: Position; eventId: string; type: string; message: string; at: string };
}

export interface RunnerOptions {
  owner: string;
  leaseTtlMs?: number;
  minBatch?: number;
  maxBatch?: number;
  /** How long to wait for new events before renewing the lease and looking again. */
  idleWaitMs?: number;
  /** How long a failed projection waits before trying its failing event again. */
  retryFailedMs?: number;
  /** The first wait after a store error; it doubles with each further error up to maxRetryStoreMs. */
  retryStoreMs?: number;
  maxRetryStoreMs?: number;
  /** Told of each store error the runner will retry after `retryInMs` (for the logs). */
  onStoreError?: (projection: string, error: unknown, retryInMs: number) => void;
  /** When live, how long a wake-up waits for more events to commit them in one batch. */
  gatherMs?: number;
  /** The longest that gathering grows to while events keep arriving (sustained load). */
  maxGatherMs?: number;
  /** Build this generation (a rebuild) instead of following the one readers use. */
  generation?: number;
  /**
   * Never take the lease: another process (the projector) runs this projection, and this runner
   * only follows the generation readers use and reports the checkpoint committed there.
   */
  passive?: boolean;
  /** Where runners catching up together read the log once for all of them (see SharedLogWindow). */
  sharedReads?: SharedLogWindow;
  /** Called each time a pinned runner reaches the head of the log. */
  onCaughtUp?: () => Promise<void> | void;
  clock?: () => number;
}

/**
 * Runs one projection: holds its lease, reads $all from its checkpoint in batches that grow
 * under backlog and shrink when live, and commits each batch's documents with the new
 * checkpoint atomically (fenced by the lease). A throwing handler stops only this projection,
 * which reports `failed` with the event and retries it later; the checkpoint never moves past
 * an event that was not applied.
 */
export class ProjectionRunner {
  readonly changed = new EventEmitter().setMaxListeners(0);
  private state: ProjectionState = 'starting';
  private position: Position | null = null;
  /** When this process first saw no process holding the lease (undefined while one holds it). */
  private unheldSince: number | undefined;
  private error: ProjectionStatus['error'];
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private leaseRenewedAt = Number.NEGATIVE_INFINITY;
  private batchSize: number;
  private gatherWindow: number;
  private gathering = false;
  private indexed = false;
  /** The state last written to the shared status (undefined: not known, write it with the next batch). */
  private shared: SharedState | undefined;
  private readonly options: Required<Omit<RunnerOptions, OptionalOption>> & Pick<RunnerOptions, OptionalOption>;
  private readonly eventTypes: ReadonlySet<string>;
  private generation: number;
  private readonly catalog: ProjectionCatalog;

  constructor(
    readonly projection: Projection,
    private readonly events: EventStore,
    private readonly reads: ReadStore,
    options: RunnerOptions,
  ) {
    this.options = {
      leaseTtlMs: 15_000,
      minBatch: 64,
      maxBatch: 4096,
      idleWaitMs: 1_000,
      retryFailedMs: 30_000,
      retryStoreMs: 250,
      maxRetryStoreMs: 30_000,
      gatherMs: 5,
      maxGatherMs: 80,
      passive: false,
      clock: Date.now,
      ...options,
    };
    this.batchSize = this.options.minBatch;
    this.gatherWindow = this.options.gatherMs;
    this.generation = options.generation ?? 0;
    this.catalog = new ProjectionCatalog(reads);
    this.eventTypes = new Set(projection.eventTypes);
  }

  get lease(): string {
    return `projection:${this.checkpoint}`;
  }

  private get readsThroughSharedWindow(): boolean {
    return this.options.sharedReads !== undefined && this.state !== 'live';
  }

  private get checkpoint(): string {
    return checkpointName(this.projection, this.generation);
  }

  private physical(collection: string): string {
    return physicalCollection(this.projection, collection, this.generation);
  }

  /** A runner that is not building a rebuild follows the generation readers use (it moves after a rebuild's switch). */
  private async followActiveGeneration(): Promise<void> {
    if (this.options.generation !== undefined) return;
    const active = await this.catalog.activeGeneration(this.projection);
    if (active === this.generation) return;
    await this.unshareStatus();
    await this.reads.releaseLease(this.lease, this.options.owner);
    this.generation = active;
    this.leaseRenewedAt = Number.NEGATIVE_INFINITY;
    await this.ensureIndexes();
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** A reader waits for this projection: commit what has been gathered now rather than at the end of the window. */
  hurry(): void {
    if (this.gathering) this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.options.sharedReads?.leave(this);
    await this.unshareStatus();
    await this.reads.releaseLease(this.lease, this.options.owner).catch(() => undefined);
    this.state = 'stopped';
    this.unheldSince = undefined; // stopped on purpose, with this process: not a projection left unattended
  }

  /**
   * This runner's status. One on standby reports what the process holding the lease shares, or
   * `stopped` when no process holds it. Lag is read from the log, not from this runner's memory,
   * so it is the same whether this process runs the projection or only watches it.
   */
  async status(): Promise<ProjectionStatus> {
    const standby = this.state === 'standby';
    const position = standby ? ((await this.reads.getCheckpoint(this.checkpoint)) ?? null) : this.position;
    // What the lease holder shared, while it holds the lease: a holder killed mid-run could not
    // remove its `live`, and must show as stopped (nobody runs the projection) once its lease expires.
    const held = standby && (await this.observeHolder());
    const shared = held ? await sharedStatus.read(this.reads, this.checkpoint) : undefined;
    const error = standby ? shared?.error : this.error;
    const head = await this.events.headPosition();
    const now = this.options.clock();
    const state: ProjectionState = shared?.state ?? (standby && !held ? 'stopped' : this.state);
    return {
      name: this.projection.name,
      kind: kindOf(this.projection),
      version: this.projection.version,
      generation: this.generation,
      status: state,
      position,
      lagEvents: head === null ? 0 : lagInEvents(position, head),
      lagMs: await this.lagMs(position, head, now),
      unattended: state === 'stopped' && this.unheldSince !== undefined && now - this.unheldSince > this.options.leaseTtlMs,
      ...(error ? { error } : {}),
    };
  }

  /** How long ago the oldest event past `position` was recorded: the first one the log holds after it. */
  private async lagMs(position: Position | null, head: Position | null, now: number): Promise<number> {
    if (head === null || (position !== null && comparePositions(position, head) >= 0)) return 0;
    const [oldest] = await this.events.readAll({ after: position ?? undefined, limit: 1 });
    const recordedAt = oldest ? Date.parse(oldest.metadata.recordedAt) : Number.NaN;
    return Number.isFinite(recordedAt) ? Math.max(0, now - recordedAt) : 0;
  }

  /** Whether some process holds the lease now; remembers since when none has. */
  private async observeHolder(): Promise<boolean> {
    const held = await this.reads.leaseHeld(this.lease);
    this.unheldSince = held ? undefined : (this.unheldSince ?? this.options.clock());
    return held;
  }

  /**
   * Only the runner that follows the generation readers use shares its state: a rebuild's runner
   * stops at the switch, when the follower may already be sharing under the same name.
   */
  private get sharesStatus(): boolean {
    return !this.options.passive && this.options.generation === undefined;
  }

  /** The shared-status write a batch carries when this runner's state changes (none otherwise). */
  private statusChange(state: SharedState): ReadOperation[] {
    return this.sharesStatus && this.shared !== state ? [sharedStatus.write(this.checkpoint, { state })] : [];
  }

  /** A runner that held the lease leaves no state behind, so a projection nobody runs shows `stopped`. */
  private async unshareStatus(): Promise<void> {
    if (!this.sharesStatus || this.shared === undefined) return;
    this.shared = undefined;
    await this.reads.applyBatch([sharedStatus.remove(this.checkpoint)], undefined, this.fence).catch(() => undefined);
  }

  /** Best effort: the store may be what is failing; this process reports the failure either way. */
  private async shareFailure(error: NonNullable<ProjectionStatus['error']>): Promise<void> {
    if (!this.sharesStatus) return;
    await this.reads.applyBatch([sharedStatus.write(this.checkpoint, { state: 'failed', error })], undefined, this.fence).then(
      () => (this.shared = 'failed'),
      () => (this.shared = undefined),
    );
  }

  private get fence() {
    return { lease: this.lease, owner: this.options.owner };
  }

  private async loop(): Promise<void> {
    let storeFailures = 0;
    while (!this.stopping) {
      try {
        if (!this.indexed) {
          await this.ensureIndexes();
          this.indexed = true;
        }
        await this.followActiveGeneration();
        if (this.options.passive || !(await this.holdLease())) {
          this.state = 'standby';
          // Watched here, not only when asked: /health must know how long nobody has run it.
          await this.observeHolder();
          await this.sleep(Math.min(this.options.leaseTtlMs / 3, 2_000));
          continue;
        }
        this.position = (await this.reads.getCheckpoint(this.checkpoint)) ?? null;
        const caughtUp = await this.step();
        storeFailures = 0;
        if (caughtUp) {
          await this.options.onCaughtUp?.();
          if (!this.stopping) await this.waitForEvents();
        } else if (!this.readsThroughSharedWindow) {
          // A pack reading through the shared window gets its turns where the window moves on,
          // all together: one runner yielding alone would fall out of step with the others.
          await eventLoopTurns.take();
        }
      } catch (error) {
        this.options.sharedReads?.leave(this);
        if (error instanceof LeaseLostError) {
          this.leaseRenewedAt = Number.NEGATIVE_INFINITY;
          continue;
        }
        if (error instanceof HandlerFailed) {
          // A handler bug waits for a fix (or a restart).
          await this.sleep(this.options.retryFailedMs);
          continue;
        }
        // The store failed (a dropped subscription, an unreachable server, a full disk): back off,
        // doubling up to a limit, and resume from the committed checkpoint, which never passed an
        // event that was not applied: nothing is lost and nothing applied twice.
        storeFailures += 1;
        const retryInMs = Math.min(this.options.retryStoreMs * 2 ** (storeFailures - 1), this.options.maxRetryStoreMs);
        this.options.onStoreError?.(this.projection.name, error, retryInMs);
        await this.sleep(retryInMs);
      }
    }
  }

  /**
   * Takes the lease, or renews it once a third of its time has passed: renewing is a durable
   * write, too dear to do on every batch. Batches are fenced by the lease, so a lease lost in
   * between makes the next commit fail rather than write twice.
   */
  private async holdLease(): Promise<boolean> {
    const now = this.options.clock();
    if (now - this.leaseRenewedAt < this.options.leaseTtlMs / 3) return true;
    const held = await this.reads.tryAcquireLease(this.lease, this.options.owner, this.options.leaseTtlMs);
    // Taken afresh: whoever held it before may have shared another state (or removed it).
    if (held && this.leaseRenewedAt === Number.NEGATIVE_INFINITY) this.shared = undefined;
    this.leaseRenewedAt = held ? now : Number.NEGATIVE_INFINITY;
    return held;
  }

  /** One batch. True when the projection has reached the head of the log. */
  private async step(): Promise<boolean> {
    const head = await this.events.headPosition();
    const batch = await this.read();
    const full = batch.length === this.batchSize;
    if (!full) this.options.sharedReads?.leave(this);

    const view = new BatchView((collection, id) => this.reads.get(this.physical(collection), id));
    for (const recorded of batch) {
      const operations = await this.handle(recorded, view);
      for (const operation of operations) await view.apply(operation);
    }
    // Advance over ignored events too (up to the head read before the batch, all of which was
    // committed), or the checkpoint would stall behind events this projection does not want.
    const last = batch[batch.length - 1]?.position;
    const next = !full && head !== null && (last === undefined || comparePositions(head, last) > 0) ? head : last;
    const state = full ? 'catching-up' : 'live';
    const statusChange = this.statusChange(state);
    if (next !== undefined && (this.position === null || comparePositions(next, this.position) > 0)) {
      const changes = view.changes().map(({ collection, id, document }): ReadOperation => {
        const physical = this.physical(collection);
        return document ? { type: 'upsert', collection: physical, document } : { type: 'delete', collection: physical, id };
      });
      await this.reads.applyBatch([...changes, ...statusChange], { name: this.checkpoint, position: next }, this.fence);
      this.position = next;
      this.changed.emit('position', next);
    } else if (statusChange.length > 0) {
      await this.reads.applyBatch(statusChange, undefined, this.fence);
    }
    if (statusChange.length > 0) this.shared = state;
    this.state = state;
    this.error = undefined;
    this.batchSize = full ? Math.min(this.batchSize * 2, this.options.maxBatch) : Math.max(this.options.minBatch, Math.ceil(this.batchSize / 2));
    return !full;
  }

  /** A batch of this projection's events after its checkpoint: while catching up, through the shared window. */
  private read(): Promise<RecordedEvent[]> {
    const after = this.position ?? undefined;
    if (this.readsThroughSharedWindow) return this.options.sharedReads!.readAll(this, after, this.batchSize, this.eventTypes);
    return this.events.readAll({ after, limit: this.batchSize, eventTypes: this.projection.eventTypes });
  }

  private async handle(recorded: RecordedEvent, view: BatchView): Promise<ReadOperation[]> {
    const event = { ...recorded, ...toDomainEvent(recorded) } as ProjectedEvent;
    try {
      return await this.projection.handle(event, view);
    } catch (error) {
      // A reactor's command met a store that cannot take it now: back off and retry like any store error.
      if (asStorageUnavailable(error)) throw error;
      this.state = 'failed';
      this.error = {
        position: recorded.position,
        eventId: recorded.eventId,
        type: recorded.type,
        message: error instanceof Error ? error.message : String(error),
        at: new Date(this.options.clock()).toISOString(),
      };
      this.changed.emit('failed', this.error);
      await this.shareFailure(this.error);
      throw new HandlerFailed(error);
    }
  }

  private async waitForEvents(): Promise<void> {
    const waitingSince = this.options.clock();
    const subscription = this.events.subscribeToAll({ after: this.position ?? undefined, eventTypes: undefined });
    const iterator = subscription[Symbol.asyncIterator]();
    let woken: boolean;
    try {
      woken = await Promise.race([iterator.next().then(() => true), this.sleep(this.options.idleWaitMs).then(() => false)]);
    } finally {
      // Also when the subscription failed: end the idle sleep and release the subscription.
      this.wake?.();
      await subscription.close();
    }
    if (!woken || this.stopping) {
      this.gatherWindow = this.options.gatherMs;
      return;
    }
    // Events come in bursts (a command and its reactions): gather them into one commit. When the
    // next event was already there, the load is sustained: every commit rewrites the read model's
    // index pages, so commit less often (the window doubles up to maxGatherMs; a reader waiting
    // for a position cuts it short, see hurry()). A quiet moment brings the window back down.
    const sustained = this.options.clock() - waitingSince < this.gatherWindow;
    this.gatherWindow = sustained ? Math.min(this.gatherWindow * 2, this.options.maxGatherMs) : this.options.gatherMs;
    this.gathering = true;
    try {
      await this.sleep(this.gatherWindow);
    } finally {
      this.gathering = false;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.wake === done) self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }

  private async ensureIndexes(): Promise<void> {
    for (const { name, indexes } of this.projection.collections) {
      if (indexes?.length) await this.reads.ensureIndexes(this.physical(name), indexes);
    }
  }
}

/** SQLite positions are dense row numbers, so their difference counts events; other stores cannot say. */
function lagInEvents(position: Position | null, head: Position): number | null {
  const behind = BigInt(head) - BigInt(position ?? '0');
  return behind < 0n ? 0 : behind < 1_000_000_000n ? Number(behind) : null;
}

type OptionalOption = 'generation' | 'onCaughtUp' | 'onStoreError' | 'sharedReads';

class HandlerFailed extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}
