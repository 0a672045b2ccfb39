import { EventStore, Position, comparePositions } from '@crm/event-store';
import { EngineOptions, standbyIntervalMs } from './engine-options';
import { eventLoopTurns } from './event-loop-turns';
import { LogBatch } from './log-batch';
import { owned } from './owned';
import { ProcessorRun } from './processor-run';
import { WakeUps } from './wake-ups';

export interface FollowerOptions extends EngineOptions {
  /** Called each time every processor this follower runs has reached the head of the log (a rebuild's switch). */
  onCaughtUp?: () => Promise<void> | void;
}

/**
 * Reads the log once for every processor of the process. Each turn it lets each processor
 * prepare (lease, generation, checkpoint), then reads one batch (of every type) after the lowest
 * checkpoint among those it runs and hands it to each processor whose checkpoint lies inside it.
 * Processors past that batch (the live ones while a new one starts from 0) get the next read of
 * the same turn, so a laggard's catch-up costs the others one batch of its time, not its whole
 * backlog. When every processor is at the head, one subscription wakes them all.
 */
export class LogFollower {
  private running: Promise<void> | undefined;
  private stopping = false;
  private readonly wakeUps: WakeUps;

  constructor(
    readonly processors: readonly ProcessorRun[],
    private readonly events: EventStore,
    private readonly options: FollowerOptions,
  ) {
    this.wakeUps = new WakeUps(events, options);
  }

  start(): void {
    this.running ??= this.loop();
  }

  hurry(): void {
    this.wakeUps.hurry();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUps.close();
    await this.running;
    await Promise.all(this.processors.map((processor) => processor.stop()));
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const { running, behind } = await this.turn();
      if (this.stopping) break;
      if (behind) continue;
      if (running.length > 0) {
        try {
          await this.options.onCaughtUp?.();
        } catch (error) {
          // A rebuild's switch that the store refused (busy, unreachable): back off, and try again
          // once caught up again, rather than end the loop with the job left running.
          for (const processor of running) processor.fail(error);
          continue;
        }
      }
      if (!this.stopping) await this.wait(running);
    }
  }

  /** One turn: which processors ran (and succeeded), and whether any of them is still behind the head. */
  private async turn(): Promise<{ running: ProcessorRun[]; behind: boolean }> {
    const ready: ProcessorRun[] = [];
    for (const processor of this.processors) if (await processor.prepare()) ready.push(processor);
    if (ready.length === 0) return { running: [], behind: false };
    let head: Position | null;
    try {
      head = await this.events.headPosition();
    } catch (error) {
      for (const processor of ready) processor.fail(error);
      return { running: [], behind: false };
    }
    const pending = ready.sort((a, b) => compare(a.position, b.position));
    const running: ProcessorRun[] = [];
    let behind = false;
    while (pending.length > 0) {
      const leader = pending[0];
      let batch: LogBatch;
      try {
        const events = await this.events.readAll({ after: leader.position ?? undefined, limit: leader.batchSize });
        batch = new LogBatch(events.map(owned), events.length === leader.batchSize);
      } catch (error) {
        for (const processor of pending) processor.fail(error);
        break;
      }
      // Those whose checkpoint lies inside the batch (a prefix: they are sorted); the rest read next.
      let served = 1;
      while (served < pending.length && batch.covers(pending[served].position)) served += 1;
      for (const processor of pending.splice(0, served)) {
        if (await processor.apply(batch, head)) running.push(processor);
        // The SQLite adapters answer synchronously: without a turn of the event loop now and then
        // (once 20 ms have gone by), a catch-up would go batch after batch in microtasks and hold
        // every HTTP request until it is done.
        await eventLoopTurns.take();
      }
      behind ||= batch.full;
    }
    return { running, behind };
  }

  /** At the head: until an event arrives, a processor needs looking at (a retry, a standby's lease), or the leases need renewing. */
  private async wait(running: readonly ProcessorRun[]): Promise<void> {
    const now = this.options.clock();
    const lookAt = Math.min(...this.processors.map((processor) => processor.wakeAt));
    const untilLook = Math.max(0, lookAt - now);
    if (running.length === 0) {
      await this.wakeUps.sleep(Math.min(untilLook, standbyIntervalMs(this.options)));
      return;
    }
    const timeoutMs = Math.min(untilLook, this.options.idleWaitMs, this.options.leaseTtlMs / 3);
    const lowest = running.reduce((low, processor) => (compare(processor.position, low) < 0 ? processor.position : low), running[0].position);
    try {
      await this.wakeUps.forEvents(lowest, timeoutMs);
    } catch (error) {
      // A dropped subscription is a store error like any other: those it was to wake back off.
      for (const processor of running) processor.fail(error);
    }
  }
}

/** Positions in log order, with null (nothing applied yet) before all of them. */
function compare(a: Position | null, b: Position | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return comparePositions(a, b);
}
