import { PerKeyQueue } from './per-key-queue';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PerKeyQueue', () => {
  it('runs work for one key one at a time, in order, even when some of it fails', async () => {
    const queue = new PerKeyQueue();
    const log: string[] = [];
    let running = 0;
    const work = (name: string, fail = false) => async () => {
      running += 1;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      running -= 1;
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([queue.run('s', work('a')), queue.run('s', work('b', true)), queue.run('s', work('c'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('runs work for different keys side by side, and forgets a key once its work is done', async () => {
    const queue = new PerKeyQueue();
    let release!: () => void;
    const blocked = queue.run('a', () => new Promise<void>((resolve) => (release = resolve)));
    const other = await queue.run('b', async () => 'b ran while a waited');
    expect(other).toBe('b ran while a waited');
    release();
    await blocked;
    await tick();
    expect(queue.size).toBe(0);
  });
});
