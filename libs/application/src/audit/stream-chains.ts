import { GENESIS_HASH, RecordedEvent, recomputeHash } from '@crm/event-store';

export interface Broken {
  streamId: string;
  version: number;
  reason: string;
}

/**
 * Every stream's hash chain, checked as the log is read in global order: each event must carry the
 * next version, link to its predecessor's hash, and hash to what it stores. Editing, deleting or
 * reordering a stored event by hand breaks one of the three; cutting a stream's end breaks none.
 */
export class StreamChains {
  readonly broken: Broken[] = [];
  private readonly tails = new Map<string, { version: number; hash: string }>();
  private count = 0;

  get streams(): number {
    return this.tails.size;
  }

  get events(): number {
    return this.count;
  }

  check(event: RecordedEvent): void {
    this.count += 1;
    const tail = this.tails.get(event.streamId) ?? { version: -1, hash: GENESIS_HASH };
    const problems: string[] = [];
    if (event.version !== tail.version + 1) problems.push(`expected version ${tail.version + 1}: an event is missing or out of order`);
    if (event.metadata.prevHash !== tail.hash) problems.push('prevHash does not link to the previous event');
    if (recomputeHash(event.metadata.prevHash, event) !== event.metadata.hash) problems.push('hash does not match the stored content');
    if (problems.length) this.broken.push({ streamId: event.streamId, version: event.version, reason: problems.join('; ') });
    this.tails.set(event.streamId, { version: event.version, hash: event.metadata.hash });
  }
}
