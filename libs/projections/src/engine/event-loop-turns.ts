/**
 * Gives the event loop a turn once a slice of time has gone by since it last had one. The
 * SQLite adapters answer synchronously, so a follower working through a backlog (a rebuild, a
 * catch-up) would otherwise go batch after batch in microtasks and hold every HTTP request until
 * it is done. A turn after every batch cost a quarter of a replay's speed; one per slice costs
 * nothing measurable.
 */
export class EventLoopTurns {
  private last = Date.now();

  constructor(private readonly sliceMs: number) {}

  async take(): Promise<void> {
    if (Date.now() - this.last < this.sliceMs) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.last = Date.now();
  }
}

/** One for the process: the followers (the engine's, a rebuild's) share the event loop, so they share its clock. */
export const eventLoopTurns = new EventLoopTurns(20);
