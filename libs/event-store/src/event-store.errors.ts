import { ExpectedRevision, StreamVersion } from './event-store.port';

/** The stream's current version is not the one the writer expected: a concurrency clash. */
export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** -1 when the stream does not exist. */
    readonly actual: StreamVersion,
  ) {
    super(`stream '${streamId}' is at version ${actual === -1 ? 'none' : actual}, expected ${String(expected)}`);
  }
}

/** Some, but not all, of the appended event ids are already in the stream. */
export class DuplicateEventError extends Error {
  override readonly name = 'DuplicateEventError';
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`stream '${streamId}' already holds events ${eventIds.join(', ')}`);
  }
}

/** Whether an expected revision accepts the stream's actual version (-1: no stream). */
export function revisionMatches(expected: ExpectedRevision, actual: StreamVersion): boolean {
  return expected === 'any' || (expected === 'no-stream' && actual === -1) || (expected === 'exists' && actual >= 0) || expected === actual;
}

/** Checks an expected revision against the stream's actual version (-1: no stream). */
export function assertExpectedRevision(streamId: string, expected: ExpectedRevision, actual: StreamVersion): void {
  if (!revisionMatches(expected, actual)) throw new WrongExpectedVersionError(streamId, expected, actual);
}
