import { CrmEvent } from '@crm/domain';
import { RecordedEvent } from '@crm/event-store';

/**
 * Stored event → domain event. Every read path goes through here, so this is where
 * upcasters will turn old event shapes into the current ones.
 */
export function toDomainEvent(recorded: Pick<RecordedEvent, 'type' | 'data'>): CrmEvent {
  return { type: recorded.type, data: recorded.data } as CrmEvent;
}
