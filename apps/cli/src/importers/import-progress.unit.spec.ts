import { ProgressLines } from './import-progress';

describe('import progress as lines (stderr not a terminal)', () => {
  it('writes a line at the start, one every few seconds while it runs, and one at the end', () => {
    let now = 0;
    const lines: string[] = [];
    const progress = new ProgressLines((line) => lines.push(line), () => now, 5_000);
    progress.start(1000);
    for (let done = 1; done <= 1000; done++) {
      now += 20; // 50 commands a second: 20 s in all
      progress.update(done);
    }
    progress.stop();
    progress.stop();
    expect(lines).toEqual([
      'importing 1000 commands',
      'importing: 250/1000 commands (25%), 50/s, about 15 s left',
      'importing: 500/1000 commands (50%), 50/s, about 10 s left',
      'importing: 750/1000 commands (75%), 50/s, about 5 s left',
      'importing: 1000/1000 commands (100%), 50/s, about 0 s left',
      'importing: 1000/1000 commands in 20 s',
    ]);
  });
});
