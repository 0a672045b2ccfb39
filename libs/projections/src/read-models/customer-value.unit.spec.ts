import { quintileScore, tierOf } from './customer-value';

describe('ranks → scores', () => {
  test.each([
    [0, 10, 5], [1, 10, 5], [2, 10, 4], [3, 10, 4], [4, 10, 3], [6, 10, 2], [8, 10, 1], [9, 10, 1], [0, 1, 5], [0, 0, 0],
  ])('%i better of %i → quintile %i', (better, population, score) => {
    expect(quintileScore(better, population)).toBe(score);
  });

  // Given how many customers are worth at least as much (itself included), then the tier.
  test.each([
    [1, 10, 'A'], [2, 10, 'A'], [3, 10, 'B'], [7, 10, 'B'], [8, 10, 'C'], [10, 10, 'C'], [1, 1, 'A'], [1, 3, 'A'], [2, 3, 'B'], [3, 3, 'B'],
    // 0.7 × 10 is 7.000000000000001 in floating point: the 8th of 10 must still be C.
    [8, 10, 'C'], [14, 20, 'B'], [15, 20, 'C'],
  ])('%i at least as good of %i → tier %s (20/50/30)', (atLeastAsGood, population, tier) => {
    expect(tierOf(atLeastAsGood, population)).toBe(tier);
  });

  /** Tiers of sorted values by the rule, computed the slow way. */
  const tiersOf = (values: number[]) => values.map((v) => tierOf(values.filter((w) => w >= v).length, values.length));

  test.each([
    // ties at the A/B boundary fall to B
    [[10, 9, 9, 5, 4, 3, 2, 1, 0, -1], ['A', 'B', 'B', 'B', 'B', 'B', 'B', 'C', 'C', 'C']],
    // ties at the B/C boundary fall to C
    [[10, 9, 8, 7, 6, 5, 4, 4, 4, 0], ['A', 'A', 'B', 'B', 'B', 'B', 'C', 'C', 'C', 'C']],
    // all equal: nobody stands out, every customer is C
    [[0, 0, 0, 0, 0], ['C', 'C', 'C', 'C', 'C']],
    [[7], ['A']],
  ])('values %j → tiers %j; no tier holds more than its share', (values, tiers) => {
    const got = tiersOf(values);
    expect(got).toEqual(tiers);
    expect(got.filter((t) => t === 'A').length).toBeLessThanOrEqual(Math.ceil(values.length * 0.2));
    expect(got.filter((t) => t !== 'C').length).toBeLessThanOrEqual(Math.ceil((values.length * 7) / 10));
  });
});
