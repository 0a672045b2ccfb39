import { EventStore, Position, comparePositions } from '@crm/event-store';
import { ReadStore } from '@crm/read-store';
import { randomUUID } from 'node:crypto';
import { Projection, checkpointName } from './projection';
import { ProjectionRunner, ProjectionStatus, RunnerOptions } from './projection-runner';

export class ProjectionTimeoutError extends Error {
  override readonly name = 'ProjectionTimeoutError';
  constructor(
    readonly position: Position,
    readonly projections: string[],
  ) {
    super(`projections ${projections.join(', ')} have not reached position ${position} yet`);
  }
}

/** All projections of this process: one runner each, their status, and read-your-writes waits. */
export class ProjectionEngine {
  private readonly runners: Map<string, ProjectionRunner>;

  constructor(
    projections: readonly Projection[],
    events: EventStore,
    private readonly reads: ReadStore,
    options: Partial<RunnerOptions> = {},
  ) {
    const owner = options.owner ?? `${process.pid}-${randomUUID()}`;
    this.runners = new Map(projections.map((p) => [p.name, new ProjectionRunner(p, events, reads, { ...options, owner })]));
  }

  start(): void {
    for (const runner of this.runners.values()) runner.start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
  }

  projection(name: string): Projection | undefined {
    return this.runners.get(name)?.projection;
  }

  statuses(): Promise<ProjectionStatus[]> {
    return Promise.all([...this.runners.values()].map((runner) => runner.status()));
  }

  /** The checkpoint every one of the named projections has committed (the lowest). */
  async position(names: readonly string[]): Promise<Position | null> {
    let lowest: Position | null = null;
    for (const name of names) {
      const runner = this.runners.get(name);
      if (!runner) throw new Error(`unknown projection '${name}'`);
      const position = (await this.reads.getCheckpoint(checkpointName(runner.projection))) ?? null;
      if (position === null) return null;
      if (lowest === null || comparePositions(position, lowest) < 0) lowest = position;
    }
    return lowest;
  }

  /**
   * Waits until the named projections have processed `position` (read-your-writes). Checkpoints
   * are read from the read store, so this also works while another process holds the lease.
   */
  async waitFor(names: readonly string[], position: Position, timeoutMs: number): Promise<Position> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reached = await this.position(names);
      if (reached !== null && comparePositions(reached, position) >= 0) return reached;
      if (Date.now() >= deadline) throw new ProjectionTimeoutError(position, [...names]);
      await new Promise((resolve) => setTimeout(resolve, Math.min(10, Math.max(1, deadline - Date.now()))));
    }
  }
}
