import { EventStore, Position } from '@crm/event-store';
import { ProcessorKind } from './projection';

export type ProjectionState = 'starting' | 'standby' | 'catching-up' | 'live' | 'rebuilding' | 'failed' | 'stopped';

export interface ProjectionStatus {
  name: string;
  kind: ProcessorKind;
  version: number;
  generation: number;
  status: ProjectionState;
  position: Position | null;
  /** Events (of any type) between the checkpoint and the head of the log, where the store can tell. */
  lagEvents: number | null;
  /** How long ago the oldest event past the checkpoint was recorded (0 when none), whatever the status. */
  lagMs: number;
  /**
   * No process has run the processor for longer than its lease, as far as this process has watched
   * (`stopped` for that long): its read models stand still, and `/health` says so.
   */
  unattended: boolean;
  error?: { position: Position; eventId: string; type: string; message: string; at: string };
}

/** SQLite positions are dense row numbers, so their difference counts events; other stores cannot say. */
export function lagInEvents(position: Position | null, head: Position): number | null {
  const behind = BigInt(head) - BigInt(position ?? '0');
  return behind < 0n ? 0 : behind < 1_000_000_000n ? Number(behind) : null;
}

/**
 * The log as one reading of every processor's status sees it: its head, read once, and when the
 * first event after a position was recorded, read once per position (processors at the same
 * checkpoint share it), instead of both once per processor.
 */
export class LogGlance {
  private readonly recorded = new Map<string, Promise<number>>();

  private constructor(
    readonly head: Position | null,
    private readonly events: EventStore,
  ) {}

  static async of(events: EventStore): Promise<LogGlance> {
    return new LogGlance(await events.headPosition(), events);
  }

  /** When the first event after `position` was recorded (ms since the epoch; NaN when none is known). */
  recordedAfter(position: Position | null): Promise<number> {
    const key = position ?? '';
    let recorded = this.recorded.get(key);
    if (!recorded) {
      recorded = this.events.readAll({ after: position ?? undefined, limit: 1 }).then(([oldest]) => (oldest ? Date.parse(oldest.metadata.recordedAt) : Number.NaN));
      this.recorded.set(key, recorded);
    }
    return recorded;
  }
}
