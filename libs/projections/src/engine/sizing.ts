/** Batches double under backlog (fewer, larger commits) and halve once live (a small batch commits sooner). */
export function nextBatchSize(current: number, full: boolean, min: number, max: number): number {
  return full ? Math.min(current * 2, max) : Math.max(min, Math.ceil(current / 2));
}

/**
 * When the next event was already there within the window, the load is sustained: every commit
 * rewrites the read models' index pages, so commit less often (the window doubles up to `max`).
 * A quiet moment brings it back down.
 */
export function nextGatherWindow(current: number, sustained: boolean, min: number, max: number): number {
  return sustained ? Math.min(current * 2, max) : min;
}
