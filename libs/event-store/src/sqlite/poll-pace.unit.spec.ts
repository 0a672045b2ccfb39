import { PollPace } from './poll-pace';

describe('PollPace: how often subscriptions poll for other processes\' appends', () => {
  type Step = ['own append up to' | 'log head moves to' | 'poll timer fires' | 'ms pass', number?];
  it.each<[string, Step[], number]>([
    ['idle when nothing happened', [['poll timer fires']], 200],
    ['idle after only this process appended (its subscribers were signalled)', [['own append up to', 5], ['log head moves to', 5], ['poll timer fires']], 200],
    ['fast once a poll finds the head moved by another process', [['log head moves to', 3], ['poll timer fires']], 20],
    ['fast when another process appended between two of ours', [['own append up to', 5], ['log head moves to', 9], ['poll timer fires']], 20],
    ['still fast just under a second after the last foreign append', [['log head moves to', 3], ['poll timer fires'], ['ms pass', 999], ['poll timer fires']], 20],
    ['idle again after a quiet second', [['log head moves to', 3], ['poll timer fires'], ['ms pass', 1_000], ['poll timer fires']], 200],
    ['fast again when foreign appends resume', [['log head moves to', 3], ['poll timer fires'], ['ms pass', 5_000], ['log head moves to', 4], ['poll timer fires']], 20],
  ])('%s', (_case, steps, expectedDelayMs) => {
    let head = 0n;
    let now = 0;
    const pace = new PollPace(200, 20, () => head, () => now);
    for (const [step, value = 0] of steps) {
      if (step === 'own append up to') pace.appended(BigInt(value));
      if (step === 'log head moves to') head = BigInt(value);
      if (step === 'poll timer fires') pace.polled();
      if (step === 'ms pass') now += value;
    }
    expect(pace.delayMs).toBe(expectedDelayMs);
  });

  it('keeps its pace when the store fails to tell its head (the next read reports the failure)', () => {
    let failing = false;
    const pace = new PollPace(200, 20, () => {
      if (failing) throw new Error('SQLITE_IOERR');
      return 0n;
    });
    failing = true;
    expect(() => pace.polled()).not.toThrow();
    expect(pace.delayMs).toBe(200);
  });
});
