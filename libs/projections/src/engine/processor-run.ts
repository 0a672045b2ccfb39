import { Position, asStorageUnavailable, comparePositions } from '@crm/event-store';
import { LeaseLostError, ReadOperation, ReadStore } from '@crm/read-store';
import { BatchView } from './batch-view';
import { EngineOptions, standbyIntervalMs } from './engine-options';
import { Lease } from './lease';
import { LogBatch } from './log-batch';
import { LogGlance, ProjectionState, ProjectionStatus, lagInEvents } from './processor-status';
import { Projection, checkpointName, kindOf, physicalCollection } from './projection';
import { ProjectionCatalog } from './projection-catalog';
import { nextBatchSize } from './sizing';
import { sharedStatus } from './shared-status';
import { StatusPublisher } from './status-publisher';

export interface ProcessorRunOptions extends EngineOptions {
  /** Build this generation (a rebuild) instead of following the one readers use. */
  generation?: number;
  /** Told of each checkpoint committed (a rebuild's progress). */
  onPosition?: (position: Position) => void;
  /** Told when a handler fails (a rebuild then fails). */
  onFailed?: (error: NonNullable<ProjectionStatus['error']>) => void;
}

/**
 * One processor as a follower runs it: its lease, its checkpoint in the generation it builds, and
 * what happened to its last batch. The follower hands it the events it reads; the processor folds
 * those of its own types through a BatchView and commits the result with its new checkpoint in
 * one fenced write. A throwing handler stops only this processor, which reports `failed` with the
 * event and tries it again after retryFailedMs; a store error backs it off (doubling); either way
 * it resumes from its committed checkpoint, which never passed an event that was not applied.
 */
export class ProcessorRun {
  private state: ProjectionState = 'starting';
  private checkpointPosition: Position | null = null;
  private error: ProjectionStatus['error'];
  private generation: number;
  private lease!: Lease;
  private publisher!: StatusPublisher;
  private limit: number;
  /** Waiting after a failure until then; a standby processor looks at its lease again then. */
  private nextLookAt = Number.NEGATIVE_INFINITY;
  private storeFailures = 0;
  /** Waiting after a handler failure (not a store error). */
  private handlerFailed = false;
  /** Read the committed checkpoint before the next batch (after a takeover, a failure, a switch). */
  private reload = true;
  private indexed = false;
  private readonly eventTypes: ReadonlySet<string>;
  private readonly catalog: ProjectionCatalog;

  constructor(
    readonly projection: Projection,
    private readonly reads: ReadStore,
    private readonly options: ProcessorRunOptions,
  ) {
    this.eventTypes = new Set(projection.eventTypes);
    this.catalog = new ProjectionCatalog(reads);
    this.limit = options.minBatch;
    this.generation = options.generation ?? 0;
    this.useGeneration(this.generation);
  }

  get name(): string {
    return this.projection.name;
  }

  /** The committed checkpoint (valid while this process runs the processor). */
  get position(): Position | null {
    return this.checkpointPosition;
  }

  get batchSize(): number {
    return this.limit;
  }

  /** When the follower must look at this processor again although no event arrived (+∞: only with events). */
  get wakeAt(): number {
    return this.lease.held && this.nextLookAt <= this.options.clock() ? Number.POSITIVE_INFINITY : this.nextLookAt;
  }

  private get checkpoint(): string {
    return checkpointName(this.projection, this.generation);
  }

  private useGeneration(generation: number): void {
    this.generation = generation;
    this.lease = new Lease(this.reads, `projection:${this.checkpoint}`, this.options.owner, this.options.leaseTtlMs, this.options.clock);
    // Only the processor that follows the generation readers use shares its state (see StatusPublisher).
    this.publisher = new StatusPublisher(this.reads, this.checkpoint, this.lease, !this.options.passive && this.options.generation === undefined);
    this.reload = true;
    this.indexed = false;
  }

  /**
   * Before a turn: indexes, the generation readers use, the lease, the checkpoint. True when this
   * process runs the processor now (it holds the lease and is not waiting after a failure).
   */
  async prepare(): Promise<boolean> {
    const now = this.options.clock();
    if (now < this.nextLookAt) {
      // A handler failure waits for its retry still holding the lease, so that other processes
      // keep seeing `failed` with its error (and /health down), not `stopped` once it lapses.
      if (this.handlerFailed && this.lease.held) await this.lease.hold().catch(() => undefined);
      return false;
    }
    try {
      if (!this.indexed) {
        await this.ensureIndexes();
        this.indexed = true;
      }
      await this.followActiveGeneration();
      if (this.options.passive || (await this.holdLease()) === 'refused') {
        this.state = 'standby';
        // Watched here, not only when asked: /health must know how long nobody has run it.
        await this.lease.observe();
        this.nextLookAt = now + standbyIntervalMs(this.options);
        return false;
      }
      if (this.reload) {
        this.checkpointPosition = (await this.reads.getCheckpoint(this.checkpoint)) ?? null;
        this.reload = false;
      }
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  private async holdLease() {
    const hold = await this.lease.hold();
    if (hold === 'taken') {
      this.publisher.forget();
      this.reload = true;
    }
    return hold;
  }

  /** A processor that is not building a rebuild follows the generation readers use (it moves after a rebuild's switch). */
  private async followActiveGeneration(): Promise<void> {
    if (this.options.generation !== undefined) return;
    const active = await this.catalog.activeGeneration(this.projection);
    if (active === this.generation) return;
    await this.publisher.withdraw();
    await this.lease.release();
    this.useGeneration(active);
    await this.ensureIndexes();
    this.indexed = true;
  }

  /**
   * Folds this processor's events of the batch (those past its checkpoint) and commits them with
   * the new checkpoint. False when it failed (it then waits, see fail()).
   */
  async apply(batch: LogBatch, head: Position | null): Promise<boolean> {
    try {
      const view = new BatchView((collection, id) => this.reads.get(this.physical(collection), id));
      for (let i = batch.indexAfter(this.checkpointPosition); i < batch.events.length; i++) {
        if (!this.eventTypes.has(batch.events[i].type)) continue;
        const operations = await this.handle(batch, i, view);
        for (const operation of operations) await view.apply(operation);
      }
      // Advance over ignored events too (up to the head read before the batch, all of which was
      // committed), or the checkpoint would stall behind events this processor does not want.
      const last = batch.last;
      const next = !batch.full && head !== null && (last === undefined || comparePositions(head, last) > 0) ? head : last;
      const state = batch.full ? 'catching-up' : 'live';
      const statusChange = this.publisher.change(state);
      const position = this.checkpointPosition;
      if (next !== undefined && (position === null || comparePositions(next, position) > 0)) {
        const changes = view.changes().map(({ collection, id, document }): ReadOperation => {
          const physical = this.physical(collection);
          return document ? { type: 'upsert', collection: physical, document } : { type: 'delete', collection: physical, id };
        });
        await this.reads.applyBatch([...changes, ...statusChange], { name: this.checkpoint, position: next }, this.lease.fence);
        this.checkpointPosition = next;
        this.options.onPosition?.(next);
      } else if (statusChange.length > 0) {
        await this.reads.applyBatch(statusChange, undefined, this.lease.fence);
      }
      if (statusChange.length > 0) this.publisher.published(state);
      this.state = state;
      this.error = undefined;
      this.storeFailures = 0;
      this.limit = nextBatchSize(this.limit, batch.full, this.options.minBatch, this.options.maxBatch);
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  private async handle(batch: LogBatch, index: number, view: BatchView): Promise<ReadOperation[]> {
    const event = batch.event(index);
    try {
      return await this.projection.handle(event, view);
    } catch (error) {
      // A reactor's command met a store that cannot take it now: back off and retry like any store error.
      if (asStorageUnavailable(error)) throw error;
      this.state = 'failed';
      this.error = {
        position: event.position,
        eventId: event.eventId,
        type: event.type,
        message: error instanceof Error ? error.message : String(error),
        at: new Date(this.options.clock()).toISOString(),
      };
      this.options.onFailed?.(this.error);
      await this.publisher.failed(this.error);
      throw new HandlerFailed(error);
    }
  }

  /** What a failed batch (or read, or wait) means for this processor; it resumes from its committed checkpoint. */
  fail(error: unknown): void {
    this.reload = true;
    const now = this.options.clock();
    this.handlerFailed = error instanceof HandlerFailed;
    if (error instanceof LeaseLostError) {
      this.lease.lost();
      this.nextLookAt = Number.NEGATIVE_INFINITY; // take it again, or stand by, at once
    } else if (error instanceof HandlerFailed) {
      // A handler bug waits for a fix (or a restart).
      this.nextLookAt = now + this.options.retryFailedMs;
    } else {
      // The store failed (a dropped subscription, an unreachable server, a full disk): back off, doubling up to a limit.
      this.storeFailures += 1;
      const retryInMs = Math.min(this.options.retryStoreMs * 2 ** (this.storeFailures - 1), this.options.maxRetryStoreMs);
      this.options.onStoreError?.(this.name, error, retryInMs);
      this.nextLookAt = now + retryInMs;
    }
  }

  async stop(): Promise<void> {
    await this.publisher.withdraw();
    await this.lease.release().catch(() => undefined);
    this.state = 'stopped';
  }

  /**
   * This processor's status. One on standby reports what the process holding the lease shares, or
   * `stopped` when no process holds it. Lag is read from the log, not from memory, so it is the
   * same whether this process runs the processor or only watches it.
   */
  async status(log: LogGlance): Promise<ProjectionStatus> {
    const standby = this.state === 'standby';
    const position = standby ? ((await this.reads.getCheckpoint(this.checkpoint)) ?? null) : this.checkpointPosition;
    // What the lease holder shared, while it holds the lease: a holder killed mid-run could not
    // remove its `live`, and must show as stopped (nobody runs it) once its lease expires.
    const held = standby && (await this.lease.observe());
    const shared = held ? await sharedStatus.read(this.reads, this.checkpoint) : undefined;
    const error = standby ? shared?.error : this.error;
    const head = log.head;
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
      lagMs: await this.lagMs(position, log, now),
      unattended: state === 'stopped' && this.lease.unattended(now),
      ...(error ? { error } : {}),
    };
  }

  /** How long ago the oldest event past `position` was recorded: the first one the log holds after it. */
  private async lagMs(position: Position | null, log: LogGlance, now: number): Promise<number> {
    if (log.head === null || (position !== null && comparePositions(position, log.head) >= 0)) return 0;
    const recordedAt = await log.recordedAfter(position);
    return Number.isFinite(recordedAt) ? Math.max(0, now - recordedAt) : 0;
  }

  private physical(collection: string): string {
    return physicalCollection(this.projection, collection, this.generation);
  }

  private async ensureIndexes(): Promise<void> {
    for (const { name, indexes } of this.projection.collections) {
      if (indexes?.length) await this.reads.ensureIndexes(this.physical(name), indexes);
    }
  }
}

class HandlerFailed extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}
