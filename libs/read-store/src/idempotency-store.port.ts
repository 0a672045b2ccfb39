/** A stored outcome of an Idempotency-Key, or the mark that its first request is still running. */
export interface IdempotencyRecord {
  fingerprint: string;
  state: 'pending' | 'done';
  status?: number;
  body?: string;
}

/**
 * A claim taken over from a request that died names the command id the key's command was first
 * run under (kept across takeovers), so the new owner can look for what was appended under it
 * before running anything again, and runs under that same id if nothing was.
 */
export type ClaimResult = { claimed: true; abandonedCommandId?: string } | { claimed: false; record: IdempotencyRecord };

/**
 * Where Idempotency-Key outcomes live: in the configured shared store (the SQLite file, or
 * MongoDB), never in one process, so a retry that reaches another API process is answered the same.
 */
export abstract class IdempotencyStore {
  /** Claims the key for a first request, or returns what is stored for it. A pending claim older than `staleAfterMs` is taken over. */
  abstract claim(scope: string, fingerprint: string, commandId: string, staleAfterMs: number): Promise<ClaimResult>;
  /**
   * Keeps a running request's claim fresh (its time moves to now), so that a request that runs or
   * waits longer than the stale time is not taken over while it is alive. False once another
   * request has taken the claim over, or it is no longer pending.
   */
  abstract renew(scope: string, commandId: string): Promise<boolean>;
  abstract complete(scope: string, status: number, body: string): Promise<void>;
  /** Forgets the claim of `commandId`'s request that ended without a result worth replaying (e.g. a 409 or a 503); a claim taken over since is left alone. */
  abstract release(scope: string, commandId: string): Promise<void>;
  abstract purgeOlderThan(cutoff: Date): Promise<number>;
  /** Answers when the store is reachable (an adapter on another's connection is as reachable as that one). */
  async ping(): Promise<void> {}
  /** Releases what the store holds open (an adapter that shares another's connection holds nothing). */
  async close(): Promise<void> {}
}
