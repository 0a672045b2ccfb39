import { CrmEvent, businessTimeOf, currentSchemaVersion } from '@crm/domain';
import { ReadDocument } from '@crm/read-store';
import { BatchView } from '../engine/batch-view';
import { ProjectedEvent, Projection } from '../engine/projection';

let counter = 0;

/** A recorded event for projection tests: position in call order unless given. */
export function recorded(event: CrmEvent, options: { streamId?: string; position?: number; actor?: string } = {}): ProjectedEvent {
  counter += 1;
  const at = businessTimeOf(event);
  return {
    ...event,
    eventId: `e${counter}`,
    streamId: options.streamId ?? 'stream',
    version: 0,
    position: String(options.position ?? counter),
    metadata: {
      occurredAt: at,
      recordedAt: at,
      actor: options.actor ?? 'svc',
      commandType: 'Test',
      commandId: 'c',
      correlationId: 'c',
      causationId: 'c',
      schemaVersion: currentSchemaVersion(event.type),
      prevHash: '',
      hash: '',
    },
  } as ProjectedEvent;
}

/** Given events → the projection's documents, by collection and id (no store involved). */
export async function projectEvents(projection: Projection, events: readonly ProjectedEvent[]): Promise<Record<string, Record<string, ReadDocument>>> {
  const view = new BatchView(async () => undefined);
  for (const event of events) {
    if (!projection.eventTypes.includes(event.type)) continue;
    for (const operation of await projection.handle(event, view)) await view.apply(operation);
  }
  const result: Record<string, Record<string, ReadDocument>> = {};
  for (const { collection, id, document } of view.changes()) {
    if (document) (result[collection] ??= {})[id] = document;
  }
  return result;
}
