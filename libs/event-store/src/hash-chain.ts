import { hash } from 'node:crypto';
import { canonicalJson, canonicalJsonWith } from './canonical-json';
import { NewEvent, RecordedEvent, StreamVersion } from './event-store.port';

/** prevHash of the first event of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * What the hash covers: the canonical JSON (RFC 8785) of everything about the event except its
 * global position and the hashes, i.e. of
 * `{ streamId, version, eventId, type, data, metadata: { ...metadata, recordedAt } }`.
 * Assembled from parts (top-level keys in their sorted order) so that the canonical form of
 * `data`, the bulk of the event, is computed once and can be stored as is.
 */
function hashedContent(streamId: string, version: StreamVersion, eventId: string, type: string, dataJson: string, metaJson: string): string {
  return `{"data":${dataJson},"eventId":${JSON.stringify(eventId)},"metadata":${metaJson},"streamId":${JSON.stringify(streamId)},"type":${JSON.stringify(type)},"version":${version}}`;
}

/** The metadata as hashed: the writer's metadata with `recordedAt`, canonical. */
const canonicalMetadata = (metadata: NewEvent['metadata'], recordedAt: string): string =>
  canonicalJsonWith(metadata as unknown as Record<string, unknown>, 'recordedAt', recordedAt);

const canonicalData = (data: NewEvent['data']): string => {
  const json = canonicalJson(data);
  if (json === undefined) throw new Error('event content cannot be serialised');
  return json;
};

/** One-shot crypto.hash: about half the cost of createHash().update().digest() for an event-sized input. */
function hashOf(prevHash: string, content: string): string {
  return hash('sha256', prevHash + content, 'hex');
}

export function eventHash(prevHash: string, streamId: string, version: StreamVersion, event: NewEvent, recordedAt: string): string {
  return hashOf(prevHash, hashedContent(streamId, version, event.eventId, event.type, canonicalData(event.data), canonicalMetadata(event.metadata, recordedAt)));
}

/**
 * An event as the chain covers it, before it has a place in a stream: its canonical parts, which
 * depend on neither its version nor its predecessor's hash. Made where the append is asked (so
 * that a writer thread receives strings, cheap to pass, and has only the hashing left to do).
 */
export interface SerialisedEvent {
  eventId: string;
  type: string;
  /** `data` as canonical JSON: what the hash covers, and a valid form to store it in. */
  dataJson: string;
  /** The writer's metadata with `recordedAt`, canonical: what the hash covers. */
  metaJson: string;
}

/** What the chain adds to an event once its place is known. */
export interface ChainLink {
  version: StreamVersion;
  prevHash: string;
  hash: string;
  /**
   * The stored metadata (an `EventMetadata`) as JSON: the hashed canonical metadata with the two
   * hashes added, spliced as a string rather than built as an object and serialised again.
   */
  metadataJson: string;
}

export type ChainedEvent = SerialisedEvent & ChainLink & { data: NewEvent['data'] };

/** Serialises events for the chain, as recorded at `recordedAt`; throws for content no chain can hold. */
export function serialiseEvents(events: readonly NewEvent[], recordedAt: string): SerialisedEvent[] {
  return events.map((event) => {
    // The store sets these; a writer's own would be hashed, then shadowed in the stored JSON.
    if ('prevHash' in event.metadata || 'hash' in event.metadata) throw new Error('event metadata must not carry prevHash or hash: the store sets them');
    return { eventId: event.eventId, type: event.type, dataJson: canonicalData(event.data), metaJson: canonicalMetadata(event.metadata, recordedAt) };
  });
}

/**
 * Extends a stream's chain: each event's prevHash is the hash of the event before it. The links
 * come apart from the events (links[i] is events[i]'s): merging them into copies of the events
 * (a spread per event) cost more than the hashing itself.
 */
export function linkEvents(streamId: string, last: { version: StreamVersion; hash: string } | undefined, events: readonly SerialisedEvent[]): ChainLink[] {
  let prevHash = last?.hash ?? GENESIS_HASH;
  let version = last?.version ?? -1;
  return events.map((event) => {
    version += 1;
    const hash = hashOf(prevHash, hashedContent(streamId, version, event.eventId, event.type, event.dataJson, event.metaJson));
    // metaJson is a non-empty object (it holds recordedAt); hashes are hex, safe in a JSON string.
    const link: ChainLink = { version, prevHash, hash, metadataJson: `${event.metaJson.slice(0, -1)},"prevHash":"${prevHash}","hash":"${hash}"}` };
    prevHash = hash;
    return link;
  });
}

/** Serialises and links in one step, keeping each event's `data` (for stores that send it as an object). */
export function chainEvents(
  streamId: string,
  last: { version: StreamVersion; hash: string } | undefined,
  events: readonly NewEvent[],
  recordedAt: string,
): ChainedEvent[] {
  const serialised = serialiseEvents(events, recordedAt);
  return linkEvents(streamId, last, serialised).map(({ version, prevHash, hash, metadataJson }, i) => {
    const { eventId, type, dataJson, metaJson } = serialised[i];
    return { eventId, type, dataJson, metaJson, data: events[i].data, version, prevHash, hash, metadataJson };
  });
}

/** Recomputes one stored event's hash from its content and the given predecessor hash. */
export function recomputeHash(prevHash: string, event: RecordedEvent): string {
  const { recordedAt, prevHash: _stored, hash: _hash, ...input } = event.metadata;
  return eventHash(prevHash, event.streamId, event.version, { eventId: event.eventId, type: event.type, data: event.data, metadata: input }, recordedAt);
}
