import { quintileScore, tierOf } from './customer-value';

describe('ranks → scores', () => {
  test.each([
    [0, 10, 5], [1, 10, 5], [2, 10, 4], [3, 10, 4], [4, 10, 3], [6, 10, 2], [8, 10, 1], [9, 10, 1], [0, 1, 5], [0, 0, 0],
  ])('%i better of %i → quintile %i', (better, population, score) => {
    expect(quintileScore(better, population)).toBe(score);
  });

  test.each([
    [0, 10, 'A'], [1, 10, 'A'], [2, 10, 'B'], [6, 10, 'B'], [7, 10, 'C'], [9, 10, 'C'], [0, 1, 'A'], [0, 3, 'A'], [1, 3, 'B'], [2, 3, 'B'],
  ])('%i better of %i → tier %s (20/50/30)', (better, population, tier) => {
    expect(tierOf(better, population)).toBe(tier);
  });
});
