import { Presets, SingleBar } from 'cli-progress';

/** How far an import has got, told to whoever watches stderr. */
export interface ImportProgress {
  start(total: number): void;
  update(done: number): void;
  stop(): void;
}

/**
 * A redrawn bar on a terminal. Anywhere else (a file, a pipe, a CI log) a bar draws nothing, and
 * a long import looked hung: there, a line every few seconds instead.
 */
export function importProgress(stream: NodeJS.WriteStream = process.stderr): ImportProgress {
  if (stream.isTTY) {
    const bar = new SingleBar({ format: 'importing [{bar}] {percentage}% {value}/{total} commands, eta {eta}s', stream }, Presets.shades_classic);
    return { start: (total) => bar.start(total, 0), update: (done) => bar.update(done), stop: () => bar.stop() };
  }
  return new ProgressLines((line) => stream.write(`${line}\n`));
}

/** Progress as lines: one at the start, one every `everyMs` while it runs, one at the end. */
export class ProgressLines implements ImportProgress {
  private total = 0;
  private done = 0;
  private startedAt = 0;
  private lastLineAt = 0;
  private stopped = false;

  constructor(
    private readonly write: (line: string) => void,
    private readonly clock: () => number = Date.now,
    private readonly everyMs = 5_000,
  ) {}

  start(total: number): void {
    this.total = total;
    this.startedAt = this.lastLineAt = this.clock();
    this.write(`importing ${total} commands`);
  }

  update(done: number): void {
    this.done = done;
    const now = this.clock();
    if (now - this.lastLineAt < this.everyMs) return;
    this.lastLineAt = now;
    const seconds = (now - this.startedAt) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const left = rate > 0 ? `, about ${Math.ceil((this.total - done) / rate)} s left` : '';
    this.write(`importing: ${done}/${this.total} commands (${Math.floor((100 * done) / Math.max(1, this.total))}%), ${Math.round(rate)}/s${left}`);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.write(`importing: ${this.done}/${this.total} commands in ${Math.round((this.clock() - this.startedAt) / 1000)} s`);
  }
}
