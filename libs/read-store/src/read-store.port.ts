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

export interface FindQuery {
  /** Equality on top-level fields. */
  where?: Record<string, FieldValue>;
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

export abstract class ReadStore {
  abstract get(collection: string, id: string): Promise<ReadDocument | undefined>;
  abstract find(collection: string, query: FindQuery): Promise<Page>;
  /** Documents matching `where` whose `field` is strictly greater than `value` (ranks without scanning documents). */
  abstract countGreaterThan(collection: string, field: string, value: number, where?: Record<string, FieldValue>): Promise<number>;
  abstract count(collection: string, where?: Record<string, FieldValue>): Promise<number>;
  abstract ensureIndexes(collection: string, indexes: IndexSpec[]): Promise<void>;
  /** Applies every operation and moves the checkpoint, all or nothing. */
  abstract applyBatch(operations: readonly ReadOperation[], checkpoint?: Checkpoint): Promise<void>;
  abstract getCheckpoint(name: string): Promise<Position | undefined>;
  /** Takes or renews the lease on `name` for `owner`; false while another owner holds an unexpired lease. */
  abstract tryAcquireLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  abstract releaseLease(name: string, owner: string): Promise<void>;
  abstract dropCollection(collection: string): Promise<void>;
  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
}
