import { tooDeepAt } from './json-depth';

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

describe('tooDeepAt', () => {
  test.each<[string, unknown, number, string | undefined]>([
    ['a flat body', { a: 1, b: 'x' }, 3, undefined],
    ['arrays and objects exactly at the limit', { lines: [{ unitPrice: 1 }] }, 3, undefined],
    ['one level past the limit', { lines: [{ tags: ['x'] }] }, 3, 'lines[0].tags'],
    ['an unknown field nested 100,000 deep (no stack overflow)', { x: nested(100_000) }, 16, `x${'[0]'.repeat(15)}`],
    ['scalars never count as a level', nested(3, 'leaf'), 3, undefined],
  ])('%s', (_label, value, max, expected) => {
    expect(tooDeepAt(value, max)).toBe(expected);
  });
});
