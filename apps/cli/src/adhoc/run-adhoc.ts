import { toDomainEvent } from '@crm/application';
import { EventStore, Position, comparePositions } from '@crm/event-store';
import { AdhocEvent, AdhocProjection, Row, defaultRows } from './adhoc-projection';

/** From/until as a business time (ISO-8601) or a global position. */
export type Bound = { time: number } | { position: Position };

export function parseBound(value: string | undefined): Bound | undefined {
  if (value === undefined) return undefined;
  if (/^(0|[1-9][0-9]{0,39})$/.test(value)) return { position: value };
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(time)) throw new Error(`'${value}' is neither a business time nor a global position`);
  return { time };
}

const BATCH = 2000;

/**
 * Runs an analyst's projection over the log without touching the server: reads $all in
 * batches (from a position, or from the start), keeps the events within the bounds, folds
 * them with the file's handlers, and returns its rows.
 */
export async function runAdhoc(
  store: EventStore,
  projection: AdhocProjection,
  bounds: { from?: Bound; until?: Bound },
  onProgress: (position: Position) => void = () => undefined,
): Promise<{ rows: Row[]; events: number }> {
  const types = projection.eventTypes ?? Object.keys(projection.handlers);
  let state = typeof projection.initialState === 'function' ? (projection.initialState as () => unknown)() : structuredClone(projection.initialState);
  // --from is inclusive: start strictly after the position before it.
  let after = bounds.from && 'position' in bounds.from && bounds.from.position !== '0' ? String(BigInt(bounds.from.position) - 1n) : undefined;
  let events = 0;
  for (;;) {
    const batch = await store.readAll({ after, limit: BATCH, eventTypes: types });
    for (const recorded of batch) {
      after = recorded.position;
      const { until, from } = bounds;
      if (until && 'position' in until && comparePositions(recorded.position, until.position) > 0) return finish();
      const at = Date.parse(recorded.metadata.occurredAt);
      if (until && 'time' in until && at > until.time) continue;
      if (from && 'time' in from && at < from.time) continue;
      const event: AdhocEvent = {
        type: recorded.type,
        data: toDomainEvent(recorded).data as Record<string, unknown>,
        streamId: recorded.streamId,
        version: recorded.version,
        position: recorded.position,
        occurredAt: recorded.metadata.occurredAt,
        recordedAt: recorded.metadata.recordedAt,
        actor: recorded.metadata.actor,
      };
      const handler = projection.handlers[recorded.type];
      if (handler) {
        const next = handler(state as never, event);
        if (next !== undefined) state = next;
        events += 1;
      }
    }
    if (after !== undefined) onProgress(after);
    if (batch.length < BATCH) return finish();
  }
  function finish() {
    return { rows: (projection.rows ?? defaultRows)(state as never), events };
  }
}

/** RFC 4180 CSV: the union of the rows' keys as columns, quoted where needed. */
export function toCsv(rows: readonly Row[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: unknown) => {
    const text = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((row) => columns.map((column) => cell(row[column])).join(','))].join('\r\n') + '\r\n';
}
