import { ReadOperation, ReadStore } from '@crm/read-store';
import type { ProjectionStatus } from './processor-status';

/** One document per projection (by checkpoint name): the state its lease holder last reported. */
const STATUS = 'projection_status';

export type SharedState = 'live' | 'catching-up' | 'failed';

export interface SharedStatus {
  state: SharedState;
  error?: ProjectionStatus['error'];
}

/**
 * A projection runs in one process (the lease holder), but every process answers
 * `GET /projections` and `/health`: a server beside a separate projector must show the
 * projector's `failed` (with its error), not a blind `standby`. The holder writes its state here
 * when it changes (in the batch's own transaction when there is one), and removes it when it
 * stops; readers trust it only while the lease is held, so a projection nobody runs (its holder
 * stopped, or was killed and its lease expired) shows as `stopped`.
 */
export const sharedStatus = {
  write(name: string, status: SharedStatus): ReadOperation {
    return { type: 'upsert', collection: STATUS, document: { id: name, ...status } };
  },

  remove(name: string): ReadOperation {
    return { type: 'delete', collection: STATUS, id: name };
  },

  async read(reads: ReadStore, name: string): Promise<SharedStatus | undefined> {
    const document = await reads.get(STATUS, name);
    if (!document || !isSharedState(document.state)) return undefined;
    return { state: document.state, ...(document.error ? { error: document.error as SharedStatus['error'] } : {}) };
  },
};

const isSharedState = (value: unknown): value is SharedState => value === 'live' || value === 'catching-up' || value === 'failed';
