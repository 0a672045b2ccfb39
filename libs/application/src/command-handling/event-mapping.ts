import { CrmEvent, DomainCommand, upcast } from '@crm/domain';
import { RecordedEvent } from '@crm/event-store';
import { Aggregate } from './command-spec';

/**
 * Stored event → domain event in its current shape. Every read path (commands, projections,
 * time travel, audit) goes through here, so old shapes are upcast in one place.
 */
export function toDomainEvent(recorded: Pick<RecordedEvent, 'type' | 'data'> & { metadata?: { schemaVersion?: number } }): CrmEvent {
  return { type: recorded.type, data: upcast(recorded.type, recorded.data, recorded.metadata?.schemaVersion ?? 1) } as CrmEvent;
}

/** A stored event of one aggregate's stream in its current shape; another aggregate's event there is a corrupt log. */
export function toAggregateEvent<C extends DomainCommand, S, E extends CrmEvent>(aggregate: Aggregate<C, S, E>, recorded: RecordedEvent): E {
  const event = toDomainEvent(recorded);
  if (!aggregate.holds(event)) throw new Error(`stream ${recorded.streamId} holds a ${event.type} event, which is not a ${aggregate.name} event`);
  return event;
}
