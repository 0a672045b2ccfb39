import { CrmEvent, upcast } from '@crm/domain';
import { RecordedEvent } from '@crm/event-store';

/**
 * Stored event → domain event in its current shape. Every read path (commands, projections,
 * time travel, audit) goes through here, so old shapes are upcast in one place.
 */
export function toDomainEvent(recorded: Pick<RecordedEvent, 'type' | 'data'> & { metadata?: { schemaVersion?: number } }): CrmEvent {
  return { type: recorded.type, data: upcast(recorded.type, recorded.data, recorded.metadata?.schemaVersion ?? 1) } as CrmEvent;
}
