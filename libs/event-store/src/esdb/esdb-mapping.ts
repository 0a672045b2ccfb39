import { ErrorType, NO_STREAM, jsonEvent } from '@eventstore/db-client';
import type { CurrentRevision, Position as EsdbPosition } from '@eventstore/db-client';
import { WrongExpectedVersionError } from '../event-store.errors';
import { ExpectedRevision, Position, RecordedEvent, StreamVersion } from '../event-store.port';
import { ChainedEvent } from '../hash-chain';

/**
 * $all is ordered by (commit, prepare) and several events of one append share a commit
 * position, so both halves go into our one opaque position: commit·2^64 + prepare. The
 * decimal string keeps the order exactly and round-trips losslessly.
 */
const SHIFT = 64n;
const MASK = (1n << SHIFT) - 1n;

export function packPosition(position: EsdbPosition): Position {
  return ((position.commit << SHIFT) | position.prepare).toString();
}

/** The largest position EventStoreDB can have: both halves are unsigned 64-bit. */
export const MAX_PACKED_POSITION = (MASK << SHIFT) | MASK;

export function unpackPosition(position: Position): EsdbPosition {
  const packed = BigInt(position);
  return { commit: packed >> SHIFT, prepare: packed & MASK };
}

export function isSystemEvent(streamId: string, type: string): boolean {
  return streamId.startsWith('$') || type.startsWith('$');
}

/** The shape of a resolved event from readStream/readAll/subscribeToAll that we rely on. */
export interface EsdbResolvedEvent {
  event?: {
    streamId: string;
    revision: bigint;
    id: string;
    type: string;
    data: unknown;
    metadata?: unknown;
    position?: EsdbPosition;
  };
}

/** Maps a resolved event to ours; undefined for system events and unresolved links. */
export function toRecordedEvent(resolved: EsdbResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || isSystemEvent(event.streamId, event.type)) return undefined;
  return {
    eventId: event.id,
    streamId: event.streamId,
    version: Number(event.revision),
    position: event.position ? packPosition(event.position) : '',
    type: event.type,
    data: event.data as RecordedEvent['data'],
    metadata: event.metadata as RecordedEvent['metadata'],
  };
}

const utf8 = new TextEncoder();

/** Metadata goes as the stored JSON's bytes (the client sends a Uint8Array as is and parses it back on read), not parsed and serialised again. */
export function toJsonEvent(event: ChainedEvent) {
  return jsonEvent({ id: event.eventId, type: event.type, data: event.data, metadata: utf8.encode(event.metadataJson) });
}

/** Our actual version (-1: no stream) as the concrete revision EventStoreDB should expect. */
export function toEsdbExpectedRevision(actual: StreamVersion): bigint | typeof NO_STREAM {
  return actual === -1 ? NO_STREAM : BigInt(actual);
}

export function fromCurrentRevision(current: CurrentRevision): StreamVersion {
  return current === NO_STREAM ? -1 : Number(current);
}

export function isWrongExpectedVersion(error: unknown): error is { actualVersion: CurrentRevision } {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === ErrorType.WRONG_EXPECTED_VERSION;
}

export function isStreamNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === ErrorType.STREAM_NOT_FOUND;
}

/** Client errors become ours where we have one; anything else passes through. */
export function mapAppendError(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
  if (isWrongExpectedVersion(error)) {
    return new WrongExpectedVersionError(streamId, expected, fromCurrentRevision(error.actualVersion));
  }
  return error;
}

/** A server-side filter for a set of event types (exact names). */
export function eventTypeRegex(types: readonly string[]): string {
  const escaped = types.map((type) => type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return `^(?:${escaped.join('|')})$`;
}
