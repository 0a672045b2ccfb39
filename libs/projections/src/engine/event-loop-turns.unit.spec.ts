import { EventLoopTurns } from './event-loop-turns';

/** Whether a macrotask queued before `take()` ran before `take()` returned: the loop had a turn. */
async function loopHadTurn(turns: EventLoopTurns): Promise<boolean> {
  let ran = false;
  setImmediate(() => (ran = true));
  await turns.take();
  return ran;
}

describe('EventLoopTurns', () => {
  it('gives the event loop a turn once its slice has gone by, and not before', async () => {
    expect(await loopHadTurn(new EventLoopTurns(0))).toBe(true);
    const long = new EventLoopTurns(60_000);
    expect(await loopHadTurn(long)).toBe(false);
    expect(await loopHadTurn(long)).toBe(false);
  });
});
