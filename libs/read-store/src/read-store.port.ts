import { Position } from '@crm/event-store';

/** A read-model document: a flat-ish JSON object with a string id. */
export interface ReadDocument {
  id: string;
  [field: string]: unknown;
}

export type FieldValue = string | number | boolean | null;

/**
 * Operations a projection asks for. Patch paths are top-level field names, so every adapter
 * can apply them natively (MongoDB update operators) or with `applyPatch`.
 */
export type ReadOperation =
  | { type: 'upsert'; collection: string; document: ReadDocument }
  | {
      type: 'patch';
      collection: string;
      id: string;
      set?: Record<string, unknown>;
      inc?: Record<string, number>;
      push?: Record<string, unknown>;
      remove?: string[];
      /** Create the document (as `{ id }`) when it does not exist; otherwise a patch of nothing is a no-op. */
      upsert?: boolean;
    }
  | { type: 'delete'; collection: string; id: string };

/** A numeric range on a field; bounds are optional and combine. */
export interface Range {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** Per top-level field: equality, membership (a list), or a numeric range. */
export type Filter = Record<string, FieldValue | readonly FieldValue[] | Range>;

export const isRange = (value: unknown): value is Range =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export interface FindQuery {
  where?: Filter;
  /** Default: by id ascending. Ties are always broken by id, so paging is stable. */
  sort?: { field: string; direction: 'asc' | 'desc' };
  limit: number;
  /** The previous page's `nextCursor`. */
  cursor?: string;
}

export interface Page {
  items: ReadDocument[];
  nextCursor: string | null;
}

export interface IndexSpec {
  fields: string[];
}

export interface Checkpoint {
  name: string;
  position: Position;
}

/** The lease a batch is written under: the write fails if `owner` no longer holds it. */
export interface Fence {
  lease: string;
  owner: string;
}

export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  constructor(readonly lease: string, readonly owner: string) {
    super(`'${owner}' no longer holds the lease '${lease}'`);
  }
}

export abstract class ReadStore {
  abstract get(collection: string, id: string): Promise<ReadDocument | undefined>;
  abstract find(collection: string, query: FindQuery): Promise<Page>;
  /** Documents matching `where` whose `field` is strictly greater than `value` (ranks without scanning documents). */
  abstract countGreaterThan(collection: string, field: string, value: number, where?: Filter): Promise<number>;
  abstract count(collection: string, where?: Filter): Promise<number>;
  /** Sum of a numeric field over the matching documents (0 when none). */
  abstract sum(collection: string, field: string, where?: Filter): Promise<number>;
  /** The value of `field` in the document at 0-based `rank` when sorted by it descending (tier thresholds). */
  abstract valueAtRank(collection: string, field: string, rank: number, where?: Filter): Promise<number | undefined>;
  abstract ensureIndexes(collection: string, indexes: IndexSpec[]): Promise<void>;
  /** Applies every operation and moves the checkpoint, all or nothing; with a fence, only while the lease is held. */
  abstract applyBatch(operations: readonly ReadOperation[], checkpoint?: Checkpoint, fence?: Fence): Promise<void>;
  abstract getCheckpoint(name: string): Promise<Position | undefined>;
  /** Takes or renews the lease on `name` for `owner`; false while another owner holds an unexpired lease. */
  abstract tryAcquireLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  abstract releaseLease(name: string, owner: string): Promise<void>;
  /** Whether some owner holds an unexpired lease on `name` (a holder that crashed stops holding it at expiry). */
  abstract leaseHeld(name: string): Promise<boolean>;
  abstract dropCollection(collection: string): Promise<void>;
  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
}
