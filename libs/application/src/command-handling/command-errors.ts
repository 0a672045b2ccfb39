import { AggregateName, AggregateNotFound } from '@crm/domain';

/**
 * @deprecated The one not-found error is the domain's `AggregateNotFound`; this name stays only
 * for callers that still import it (apps/cli's importer) and is the same class.
 */
export const StreamNotFoundError = AggregateNotFound;
/** @deprecated see the value of the same name */
export type StreamNotFoundError = AggregateNotFound;

/** A command that creates its stream (CaptureLead, RegisterCustomer, …) names one that exists. */
export class StreamAlreadyExistsError extends Error {
  override readonly name = 'StreamAlreadyExistsError';
  constructor(
    readonly aggregate: AggregateName,
    readonly id: string,
    readonly streamId: string,
    /** The existing stream's version. */
    readonly actual: number,
  ) {
    super(`${aggregate} '${id}' already exists`);
  }
}
