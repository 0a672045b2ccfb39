import { DuplicateEventError } from './event-store.errors';
import { AppendResult, NewEvent, RecordedEvent } from './event-store.port';

type StoredEvent = Pick<RecordedEvent, 'eventId' | 'type' | 'version' | 'position'>;

/**
 * An append whose event ids are exactly the stream's last events is a retry of an append that
 * succeeded: answer with the original result and store nothing. Any other overlap with stored
 * ids is refused, so an event is never stored twice.
 *
 * @param readTail the stream's last `events.length` events, oldest first (read only when needed)
 * @param isStored whether an event id is already somewhere in the stream
 */
export function retriedAppend(
  streamId: string,
  readTail: () => readonly StoredEvent[],
  events: readonly Pick<NewEvent, 'eventId'>[],
  isStored: (eventId: string) => boolean,
): AppendResult | undefined {
  const stored = events.filter((event) => isStored(event.eventId));
  if (stored.length === 0) return undefined;
  const tail = readTail();
  const isRetry =
    stored.length === events.length &&
    tail.length === events.length &&
    tail.every((event, i) => event.eventId === events[i].eventId);
  if (!isRetry) throw new DuplicateEventError(streamId, stored.map((event) => event.eventId));
  const last = tail[tail.length - 1];
  return {
    streamId,
    nextExpectedVersion: last.version,
    position: last.position,
    events: tail.map(({ eventId, type, version }) => ({ eventId, type, version })),
  };
}
