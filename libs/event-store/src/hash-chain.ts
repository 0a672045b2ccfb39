import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { EventMetadata, NewEvent, RecordedEvent, StreamVersion } from './event-store.port';

/** prevHash of the first event of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/** What the hash covers: everything about the event except its global position and the hashes. */
function hashedContent(streamId: string, version: StreamVersion, event: NewEvent, recordedAt: string): string {
  const content = canonicalize({
    streamId,
    version,
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata: { ...event.metadata, recordedAt },
  });
  if (content === undefined) throw new Error('event content cannot be serialised');
  return content;
}

export function eventHash(prevHash: string, streamId: string, version: StreamVersion, event: NewEvent, recordedAt: string): string {
  return createHash('sha256').update(prevHash).update(hashedContent(streamId, version, event, recordedAt)).digest('hex');
}

export interface ChainedEvent {
  eventId: string;
  type: string;
  version: StreamVersion;
  data: NewEvent['data'];
  metadata: EventMetadata;
}

/** Extends a stream's chain: each event's prevHash is the hash of the event before it. */
export function chainEvents(
  streamId: string,
  last: { version: StreamVersion; hash: string } | undefined,
  events: readonly NewEvent[],
  recordedAt: string,
): ChainedEvent[] {
  let prevHash = last?.hash ?? GENESIS_HASH;
  let version = last?.version ?? -1;
  return events.map((event) => {
    version += 1;
    const hash = eventHash(prevHash, streamId, version, event, recordedAt);
    const chained: ChainedEvent = {
      eventId: event.eventId,
      type: event.type,
      version,
      data: event.data,
      metadata: { ...event.metadata, recordedAt, prevHash, hash },
    };
    prevHash = hash;
    return chained;
  });
}

/** Recomputes one stored event's hash from its content and the given predecessor hash. */
export function recomputeHash(prevHash: string, event: RecordedEvent): string {
  const { recordedAt, prevHash: _stored, hash: _hash, ...input } = event.metadata;
  return eventHash(prevHash, event.streamId, event.version, { eventId: event.eventId, type: event.type, data: event.data, metadata: input }, recordedAt);
}
