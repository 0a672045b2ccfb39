import { AggregateName } from '@crm/domain';

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
