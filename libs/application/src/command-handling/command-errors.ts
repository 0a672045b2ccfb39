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
