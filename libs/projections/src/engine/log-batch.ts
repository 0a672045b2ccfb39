import { toDomainEvent } from '@crm/application';
import { Position, RecordedEvent, comparePositions } from '@crm/event-store';
import { owned } from './owned';
import { ProjectedEvent } from './projection';

/**
 * One read of the log (every type), shared by the processors it serves: each event is read,
 * parsed and upcast once, however many processors want it.
 */
export class LogBatch {
  private readonly projected: (ProjectedEvent | undefined)[] = [];

  constructor(
    readonly events: readonly RecordedEvent[],
    /** As many events as asked for: the log may go on past the last one. */
    readonly full: boolean,
  ) {}

  get last(): Position | undefined {
    return this.events[this.events.length - 1]?.position;
  }

  /** Whether the batch holds every event after `position` that the log held when it was read. */
  covers(position: Position | null): boolean {
    const last = this.last;
    return !this.full || last === undefined || position === null || comparePositions(position, last) < 0;
  }

  /** Index of the first event after `position` (binary search: positions ascend). */
  indexAfter(position: Position | null): number {
    if (position === null) return 0;
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (comparePositions(this.events[middle].position, position) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The event as handlers see it (upcast); shared between processors, so frozen under Jest (see owned.ts). */
  event(index: number): ProjectedEvent {
    let event = this.projected[index];
    if (!event) {
      const recorded = this.events[index];
      event = owned({ ...recorded, ...toDomainEvent(recorded) } as ProjectedEvent);
      this.projected[index] = event;
    }
    return event;
  }
}
