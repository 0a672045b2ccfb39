import { ReadOperation, ReadStore } from '@crm/read-store';
import { Lease } from './lease';
import { ProjectionStatus } from './processor-status';
import { SharedState, sharedStatus } from './shared-status';

/**
 * What the lease holder tells other processes about a processor (see shared-status.ts): a state
 * change rides in the batch's own transaction; a failure and a stop are written on their own.
 * Only a processor that follows the generation readers use publishes: a rebuild stops at its
 * switch, when the follower may already publish under the same name.
 */
export class StatusPublisher {
  /** The state last written (undefined: not known, write it with the next batch). */
  private shared: SharedState | undefined;

  constructor(
    private readonly reads: ReadStore,
    private readonly checkpoint: string,
    private readonly lease: Lease,
    private readonly enabled: boolean,
  ) {}

  /** The lease was taken afresh: whoever held it before may have shared another state (or removed it). */
  forget(): void {
    this.shared = undefined;
  }

  /** The write a batch carries when the state changes (none otherwise); `published` once committed. */
  change(state: SharedState): ReadOperation[] {
    return this.enabled && this.shared !== state ? [sharedStatus.write(this.checkpoint, { state })] : [];
  }

  published(state: SharedState): void {
    this.shared = state;
  }

  /** Best effort: the store may be what is failing; this process reports the failure either way. */
  async failed(error: NonNullable<ProjectionStatus['error']>): Promise<void> {
    if (!this.enabled) return;
    await this.reads.applyBatch([sharedStatus.write(this.checkpoint, { state: 'failed', error })], undefined, this.lease.fence).then(
      () => (this.shared = 'failed'),
      () => (this.shared = undefined),
    );
  }

  /** A holder leaves no state behind, so a processor nobody runs shows `stopped`. */
  async withdraw(): Promise<void> {
    if (!this.enabled || this.shared === undefined) return;
    this.shared = undefined;
    await this.reads.applyBatch([sharedStatus.remove(this.checkpoint)], undefined, this.lease.fence).catch(() => undefined);
  }
}
