import { PerTurnBatch } from './per-turn-batch';

const nextTurn = () => new Promise((turned) => setImmediate(turned));

describe('PerTurnBatch', () => {
  it('given pushes in one turn and more in the next, then each turn is handed over once, in order', async () => {
    const flushed: number[][] = [];
    const batch = new PerTurnBatch<number>((items) => flushed.push(items));
    batch.push(1);
    batch.push(2, 3);
    batch.push();
    expect(batch.size).toBe(3);
    expect(flushed).toEqual([]);
    await nextTurn();
    batch.push(4);
    await nextTurn();
    expect(flushed).toEqual([[1, 2, 3], [4]]);
    expect(batch.size).toBe(0);
  });

  it('given nothing pushed, then nothing is handed over', async () => {
    const flush = jest.fn();
    new PerTurnBatch<number>(flush).push();
    await nextTurn();
    expect(flush).not.toHaveBeenCalled();
  });
});
