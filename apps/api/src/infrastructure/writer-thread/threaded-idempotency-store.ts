import { ClaimResult, IdempotencyStore } from '@crm/read-store';
import { WriterThread } from './writer-thread.client';

/**
 * The SQLite idempotency store on the writer thread (writer-thread.ts runs SqliteIdempotencyStore
 * there): its claims are write transactions, which on the server's thread would wait for the
 * file's write lock whenever the writer thread commits appends. Times are this thread's clock.
 */
export class ThreadedIdempotencyStore extends IdempotencyStore {
  constructor(
    private readonly writer: WriterThread,
    private readonly clock: () => number = Date.now,
  ) {
    super();
  }

  claim(scope: string, fingerprint: string, commandId: string, staleAfterMs: number): Promise<ClaimResult> {
    return this.writer.ask({ op: 'claim', now: this.clock(), scope, fingerprint, commandId, staleAfterMs });
  }

  renew(scope: string, commandId: string): Promise<boolean> {
    return this.writer.ask({ op: 'renew', now: this.clock(), scope, commandId });
  }

  complete(scope: string, status: number, body: string): Promise<void> {
    return this.writer.ask({ op: 'complete', scope, status, body });
  }

  release(scope: string, commandId: string): Promise<void> {
    return this.writer.ask({ op: 'release', scope, commandId });
  }

  override ping(): Promise<void> {
    return this.writer.ping();
  }

  purgeOlderThan(cutoff: Date): Promise<number> {
    return this.writer.ask({ op: 'purge', cutoffMs: cutoff.getTime() });
  }
}
