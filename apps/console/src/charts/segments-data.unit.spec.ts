import { MOST_BARS, SegmentItem, segmentBars } from './segments-data';

const item = (key: string, revenue: number): SegmentItem => ({ key, revenue, customers: 1, grossMargin: revenue / 2, orders: 1, won: 0, lost: 0, winRate: null });

describe('the segment bars', () => {
  test.each<{ name: string; by: string; given: [string, number][]; then: string[]; left: number }>([
    { name: 'no segments: no bars', by: 'industry', given: [], then: [], left: 0 },
    { name: 'a dimension: in the answer’s order (revenue, highest first)', by: 'region', given: [['EMEA', 30], ['APAC', 20], ['AMER', 10]], then: ['EMEA', 'APAC', 'AMER'], left: 0 },
    { name: 'months: in date order, whatever their revenue', by: 'month', given: [['2024-03', 30], ['2023-12', 20], ['2024-01', 10]], then: ['2023-12', '2024-01', '2024-03'], left: 0 },
    {
      name: 'too many: the first of a dimension',
      by: 'productId',
      given: Array.from({ length: MOST_BARS + 5 }, (_, i): [string, number] => [`p${String(i).padStart(2, '0')}`, 1000 - i]),
      then: Array.from({ length: MOST_BARS }, (_, i) => `p${String(i).padStart(2, '0')}`),
      left: 5,
    },
    {
      name: 'too many months: the latest',
      by: 'month',
      given: Array.from({ length: 24 }, (_, i): [string, number] => [`20${22 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, i]),
      then: Array.from({ length: 20 }, (_, i) => `20${22 + Math.floor((i + 4) / 12)}-${String(((i + 4) % 12) + 1).padStart(2, '0')}`),
      left: 4,
    },
  ])('$name', ({ by, given, then, left }) => {
    const shaped = segmentBars({ by, items: given.map(([key, revenue]) => item(key, revenue)) });
    expect(shaped.bars.map((bar) => bar.key)).toEqual(then);
    expect(shaped.left).toBe(left);
  });
});
