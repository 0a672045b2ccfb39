import { AggregateName } from './command-spec';

/** The command's target (or a stream it requires) does not exist. */
export class StreamNotFoundError extends Error {
  override readonly name = 'StreamNotFoundError';
  constructor(
    readonly aggregate: AggregateName,
    readonly id: string,
  ) {
    super(`${aggregate} '${id}' does not exist`);
  }
}

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
