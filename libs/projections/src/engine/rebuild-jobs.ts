import { Position } from '@crm/event-store';
import { ReadDocument, ReadStore } from '@crm/read-store';

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

/** Jobs by id, and per projection the id of the latest one. */
const JOBS = 'rebuild_jobs';
const latest = (projection: string) => `latest:${projection}`;

/**
 * Rebuild jobs in the read store, so every process answers for every job: the one that runs a
 * rebuild writes its progress here, and any other reads it. Only one process at a time runs a
 * projection's rebuild: it holds the projection's rebuild lease (renewed while the job runs), so a
 * rebuild asked for on a second process answers the running job instead of starting another.
 * A job whose lease lapsed (its process died) reads as failed.
 */
export class RebuildJobs {
  constructor(
    private readonly reads: ReadStore,
    private readonly leaseTtlMs: number,
  ) {}

  lease(projection: string): string {
    return `rebuild:${projection}`;
  }

  /** Takes (or, for its holder, renews) the right to run the projection's rebuild. */
  claim(projection: string, owner: string): Promise<boolean> {
    return this.reads.tryAcquireLease(this.lease(projection), owner, this.leaseTtlMs);
  }

  release(projection: string, owner: string): Promise<void> {
    return this.reads.releaseLease(this.lease(projection), owner);
  }

  /** A job's first write also makes it its projection's latest, in one batch. */
  async save(job: RebuildJob, first = false): Promise<void> {
    const document: ReadDocument = { ...(job as unknown as Record<string, unknown>), id: job.id };
    await this.reads.applyBatch([
      { type: 'upsert', collection: JOBS, document },
      ...(first ? [{ type: 'upsert' as const, collection: JOBS, document: { id: latest(job.projection), job: job.id } }] : []),
    ]);
  }

  /** The job as any process sees it: a `running` job nobody runs any more (its lease lapsed) has failed. */
  async get(id: string): Promise<RebuildJob | undefined> {
    if (id.startsWith('latest:')) return undefined;
    const document = await this.reads.get(JOBS, id);
    if (!document) return undefined;
    const job = document as unknown as RebuildJob;
    if (job.status !== 'running') return job;
    const pointer = await this.reads.get(JOBS, latest(job.projection));
    if (pointer?.job === job.id && (await this.reads.leaseHeld(this.lease(job.projection)))) return job;
    // The lease may lapse between the job's last write and this read only if its process stopped
    // without finishing it (a finished job is written before its lease is released).
    const again = (await this.reads.get(JOBS, id)) as unknown as RebuildJob | undefined;
    if (again && again.status !== 'running') return again;
    return { ...job, status: 'failed', error: 'the process running this rebuild stopped before it finished', etaSeconds: null };
  }

  /** The projection's latest job, as `get` answers it. */
  async latest(projection: string): Promise<RebuildJob | undefined> {
    const pointer = await this.reads.get(JOBS, latest(projection));
    return typeof pointer?.job === 'string' ? this.get(pointer.job) : undefined;
  }
}
