// The files themselves, not the packages' indexes, which load the EventStoreDB and MongoDB clients (see writer-thread.ts).
import { DuplicateEventError, WrongExpectedVersionError } from '@crm/event-store/event-store.errors';
import type { AppendResult, ExpectedRevision } from '@crm/event-store/event-store.port';
import type { SerialisedEvent } from '@crm/event-store/hash-chain';
import type { SqliteSynchronous } from '@crm/event-store/sqlite/open-sqlite';
import { StorageUnavailableError } from '@crm/event-store/storage-unavailable';
import type { ClaimResult } from '@crm/read-store/idempotency-store.port';

/** What the writer thread is started with. */
export interface WriterThreadData {
  file: string;
  synchronous: SqliteSynchronous;
}

/**
 * What the server's thread asks of the writer thread (writer-thread.ts): the writes of a request,
 * each answered by the reply with its id. `now` is the asking thread's clock (the idempotency
 * store's times are that clock's, as when it runs on the asking thread).
 */
export type WriterAsk =
  | { op: 'append'; streamId: string; events: readonly SerialisedEvent[]; expectedRevision: ExpectedRevision }
  | { op: 'claim'; now: number; scope: string; fingerprint: string; commandId: string; staleAfterMs: number }
  | { op: 'renew'; now: number; scope: string; commandId: string }
  | { op: 'complete'; scope: string; status: number; body: string }
  | { op: 'release'; scope: string; commandId: string }
  | { op: 'purge'; cutoffMs: number }
  | { op: 'ping' }
  | { op: 'close' };

/** A request as it crosses: the asking side numbers it, and the reply names the number. */
export type WriterRequest = WriterAsk & { id: number };

export interface WriterAnswers {
  append: AppendResult;
  claim: ClaimResult;
  renew: boolean;
  complete: void;
  release: void;
  purge: number;
  ping: void;
  close: void;
}

export type WriterReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** The writer thread is running (its connections open): the first message it sends. */
export const WRITER_READY = 'ready';

/**
 * An error as it crosses threads. A structured clone keeps an Error's message but not its class
 * or its own fields, and the edge tells a concurrency clash (409) and an unavailable disk (503,
 * by its SQLite `code`) from a bug by exactly those.
 */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  streamId?: string;
  expected?: ExpectedRevision;
  actual?: number;
  eventIds?: string[];
  reason?: string;
  outcomeUnknown?: boolean;
  /** Where it was thrown, in the writer thread: kept for the server's log. */
  stack?: string;
}

export function toWire(error: unknown): WireError {
  const { name, message, code, stack } = (error ?? {}) as { name?: unknown; message?: unknown; code?: unknown; stack?: unknown };
  const wire: WireError = { name: typeof name === 'string' ? name : 'Error', message: typeof message === 'string' ? message : String(error) };
  if (typeof code === 'string') wire.code = code;
  if (typeof stack === 'string') wire.stack = stack;
  if (error instanceof WrongExpectedVersionError) Object.assign(wire, { streamId: error.streamId, expected: error.expected, actual: error.actual });
  if (error instanceof DuplicateEventError) Object.assign(wire, { streamId: error.streamId, eventIds: error.eventIds });
  if (error instanceof StorageUnavailableError) Object.assign(wire, { reason: error.reason, outcomeUnknown: error.outcomeUnknown });
  return wire;
}

export function fromWire(wire: WireError): Error {
  const error: Error & { code?: string } =
    wire.name === 'WrongExpectedVersionError'
      ? new WrongExpectedVersionError(wire.streamId as string, wire.expected as ExpectedRevision, wire.actual as number)
      : wire.name === 'DuplicateEventError'
        ? new DuplicateEventError(wire.streamId as string, wire.eventIds ?? [])
        : wire.name === 'StorageUnavailableError'
          ? new StorageUnavailableError(wire.reason ?? wire.message, { outcomeUnknown: wire.outcomeUnknown })
          : Object.assign(new Error(wire.message), { name: wire.name });
  if (wire.code !== undefined) error.code = wire.code;
  if (wire.stack !== undefined) error.stack = wire.stack;
  return error;
}
