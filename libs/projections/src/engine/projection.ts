import { CrmEvent } from '@crm/domain';
import { EventMetadata, Position } from '@crm/event-store';
import { IndexSpec, ReadDocument, ReadOperation } from '@crm/read-store';

/** What a projection handler sees: the (upcast) domain event with where and when it was recorded. */
export type ProjectedEvent = CrmEvent & {
  eventId: string;
  streamId: string;
  version: number;
  position: Position;
  metadata: EventMetadata;
};

/** Reads a projection's own documents as they are after the operations already decided in this batch. */
export interface ProjectionView {
  get(collection: string, id: string): Promise<ReadDocument | undefined>;
}

/**
 * What the engine runs: a `projection` (a read model) or a `reactor` (reactions that send
 * commands). Both follow the log with their own checkpoint and lease in the read store.
 */
export type ProcessorKind = 'projection' | 'reactor';

/**
 * A processor of the log. A read model: the event types it wants, the collections it owns, and a
 * handler that turns one event into operations on its documents. The engine owns batching,
 * checkpoints, idempotency and the lease. A reactor is the same with no collections, whose
 * handler sends commands (idempotent ones, since a reaction may run again after a crash) and
 * returns no operations; it is never rebuilt.
 *
 * Adding one: a read model is a file in `read-models/` and a line in `ALL_PROJECTIONS`; a reactor a
 * file in libs/application/src/reactors/ and a line in `ALL_REACTORS` (it then runs inline and here).
 */
export interface Projection {
  name: string;
  /** Default `projection`. */
  kind?: ProcessorKind;
  /** Bump when the handler's output changes; the new version is built beside the old one. */
  version: number;
  eventTypes: readonly CrmEvent['type'][];
  collections: readonly { name: string; indexes?: IndexSpec[] }[];
  /**
   * Documents read from the view, and those returned in operations, belong to the engine: build
   * a new object for a change (`{ ...doc, field }`), never mutate one in place. The view keeps
   * them as they are, without a copy per operation (copying took a sixth of a rebuild's CPU).
   */
  handle(event: ProjectedEvent, view: ProjectionView): Promise<ReadOperation[]> | ReadOperation[];
}

/**
 * Where a projection version keeps a collection. A rebuild writes generation n + 1 beside the
 * live generation n, so generations (and versions) live side by side until readers switch.
 */
export const physicalCollection = (projection: Pick<Projection, 'version'>, collection: string, generation = 0) =>
  generation === 0 ? `${collection}_v${projection.version}` : `${collection}_v${projection.version}_g${generation}`;

export const checkpointName = (projection: Pick<Projection, 'name' | 'version'>, generation = 0) =>
  generation === 0 ? `${projection.name}@v${projection.version}` : `${projection.name}@v${projection.version}#g${generation}`;

export const kindOf = (processor: Pick<Projection, 'kind'>): ProcessorKind => processor.kind ?? 'projection';
