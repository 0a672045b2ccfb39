import { EventStore, Position, RecordedEvent, comparePositions } from '@crm/event-store';
import { owned } from './owned';

export interface SharedLogWindowOptions {
  /** Events read (of every type) each time the window moves on. */
  chunk?: number;
  /** How long a reader at the window's end waits for the others before moving it on alone. */
  maxWaitMs?: number;
}

/**
 * The stretch of the log that the runners catching up (a replay, a restart after downtime) are
 * reading, read and parsed once for all of them: each would otherwise read and parse the same
 * events for its own types, six times over (a fifth of a replay's CPU).
 *
 * Runners drift apart (the timeline writes far more than the others), so a window that simply
 * followed the leader lost the rest within seconds. Here a reader that reaches the window's end
 * waits for the others to get there too (up to maxWaitMs; everything runs on one event loop, so
 * waiting costs no throughput) and only then does the window move on. Every answer is exactly
 * what `readAll` would have returned; a reader the window cannot serve (behind it, or ahead of
 * it while others use it) reads the store directly.
 */
export class SharedLogWindow {
  private events: RecordedEvent[] = [];
  /** Exclusive start (undefined: the log's start); `end`: the last position held (or `start`). */
  private start: Position | undefined;
  private end: Position | undefined;
  private loaded = false;
  /** The window reached the log's head when it was read. */
  private atHead = false;
  /** Readers in the pack (catching up through the window); those waiting at its end. */
  private readonly readers = new Set<object>();
  private readonly waiting = new Set<object>();
  private moved: (() => void)[] = [];
  private moves = 0;
  private moving: Promise<void> | undefined;
  private readonly chunk: number;
  private readonly maxWaitMs: number;

  constructor(
    private readonly store: EventStore,
    options: SharedLogWindowOptions = {},
  ) {
    this.chunk = options.chunk ?? 8192;
    this.maxWaitMs = options.maxWaitMs ?? 50;
  }

  /** As `store.readAll({ after, limit, eventTypes })`, from the shared window where it can. */
  async readAll(reader: object, after: Position | undefined, limit: number, eventTypes: ReadonlySet<string>): Promise<RecordedEvent[]> {
    const found: RecordedEvent[] = [];
    let cursor = after;
    for (;;) {
      if (this.holds(cursor)) {
        this.readers.add(reader);
        for (let i = this.firstAfter(cursor); i < this.events.length; i++) {
          const event = this.events[i];
          if (eventTypes.has(event.type)) found.push(event);
          if (found.length === limit) return found;
        }
        cursor = this.end;
      } else if (this.isEnd(cursor) && !this.atHead) {
        await this.moveOn(reader);
      } else if (!this.isEnd(cursor) && !this.usedByOthers(reader)) {
        await this.shift(cursor);
      } else {
        // Past the window's end at the head of the log (what was appended since it was read), or
        // away from a window the others are using: the rest comes from the store.
        if (!this.isEnd(cursor)) this.leave(reader);
        return [...found, ...(await this.store.readAll({ after: cursor, limit: limit - found.length, eventTypes: [...eventTypes] }))];
      }
    }
  }

  private usedByOthers(reader: object): boolean {
    return this.loaded && [...this.readers].some((other) => other !== reader);
  }

  /** The reader has caught up, failed or stopped: the others no longer wait for it. */
  leave(reader: object): void {
    if (!this.readers.delete(reader)) return;
    this.waiting.delete(reader);
    if (this.readers.size === 0 && !this.moving) this.forget();
    else if ([...this.readers].every((other) => this.waiting.has(other))) void this.move().catch(() => undefined);
  }

  /** Nobody catches up any more: hold no events (a window read later starts where its first reader is). */
  private forget(): void {
    this.events = [];
    this.loaded = false;
  }

  /** Whether an event after `cursor` would be in the window (a cursor at its end is not held). */
  private holds(cursor: Position | undefined): boolean {
    return this.loaded && compare(cursor, this.start) >= 0 && compare(cursor, this.end) < 0;
  }

  private isEnd(cursor: Position | undefined): boolean {
    return this.loaded && compare(cursor, this.end) === 0;
  }

  /** Index of the first held event after `cursor` (binary search: positions ascend). */
  private firstAfter(cursor: Position | undefined): number {
    if (cursor === undefined) return 0;
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (comparePositions(this.events[middle].position, cursor) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Waits at the window's end until every reader of the pack is there (or maxWaitMs), then moves it on. */
  private async moveOn(reader: object): Promise<void> {
    this.readers.add(reader);
    this.waiting.add(reader);
    if ([...this.readers].every((other) => this.waiting.has(other))) return this.move();
    const moves = this.moves;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.moved.push(resolve);
      timer = setTimeout(() => {
        if (this.moves === moves) void this.move().catch(() => undefined); // its readers retry the move and see the error
      }, this.maxWaitMs);
    });
    clearTimeout(timer);
  }

  private move(): Promise<void> {
    return this.shift(this.end);
  }

  /** Reads the window after `after`; readers arriving meanwhile wait for that read rather than start their own. */
  private shift(after: Position | undefined): Promise<void> {
    this.moving ??= this.load(after).finally(() => {
      this.moving = undefined;
      this.waiting.clear();
      const moved = this.moved;
      this.moved = [];
      for (const resolve of moved) resolve();
    });
    return this.moving;
  }

  private async load(after: Position | undefined): Promise<void> {
    // Every reader of the pack waits for this move: the one place they can all let the event
    // loop serve requests without falling out of step.
    await new Promise((resolve) => setImmediate(resolve));
    const events = await this.store.readAll({ after, limit: this.chunk });
    this.events = events.map(owned);
    this.start = after;
    this.end = events.length > 0 ? events[events.length - 1].position : after;
    this.atHead = events.length < this.chunk;
    this.loaded = true;
    this.moves += 1;
  }
}

/** Positions in log order, with undefined (the start of the log) before all of them. */
function compare(a: Position | undefined, b: Position | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return comparePositions(a, b);
}
