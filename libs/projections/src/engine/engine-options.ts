export interface EngineOptions {
  /** Who holds the leases this process takes (unique per process). */
  owner: string;
  leaseTtlMs: number;
  minBatch: number;
  maxBatch: number;
  /** How long to wait for new events before renewing the leases and looking again. */
  idleWaitMs: number;
  /** How long a failed processor waits before trying its failing event again. */
  retryFailedMs: number;
  /** The first wait after a store error; it doubles with each further error up to maxRetryStoreMs. */
  retryStoreMs: number;
  maxRetryStoreMs: number;
  /** Told of each store error a processor will retry after `retryInMs` (for the logs). */
  onStoreError?: (processor: string, error: unknown, retryInMs: number) => void;
  /** When live, how long a wake-up waits for more events to commit them in one batch. */
  gatherMs: number;
  /** The longest that gathering grows to while events keep arriving (sustained load). */
  maxGatherMs: number;
  /**
   * Never take a lease: another process (the projector) runs the processors, and this one only
   * follows the generation readers use and reports the checkpoints committed there.
   */
  passive: boolean;
  clock: () => number;
}

export const DEFAULT_OPTIONS: Omit<EngineOptions, 'owner'> = {
  leaseTtlMs: 15_000,
  minBatch: 64,
  maxBatch: 4096,
  idleWaitMs: 1_000,
  retryFailedMs: 30_000,
  retryStoreMs: 250,
  maxRetryStoreMs: 30_000,
  gatherMs: 5,
  maxGatherMs: 80,
  passive: false,
  clock: Date.now,
};

/** How often a processor this process does not run looks at its lease (and the generation readers use) again. */
export const standbyIntervalMs = (options: Pick<EngineOptions, 'leaseTtlMs'>) => Math.min(options.leaseTtlMs / 3, 2_000);
