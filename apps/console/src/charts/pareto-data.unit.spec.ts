import { ParetoAnswer, paretoCurve } from './pareto-data';

const pareto = (customers: [number, number, number], shares: [number, number, number]): ParetoAnswer => ({
  customers: customers[0] + customers[1] + customers[2],
  totalNetValue: 1000,
  tiers: {
    A: { customers: customers[0], netValue: 1000 * shares[0], share: shares[0] },
    B: { customers: customers[1], netValue: 1000 * shares[1], share: shares[1] },
    C: { customers: customers[2], netValue: 1000 * shares[2], share: shares[2] },
  },
  top20Share: shares[0],
  profitWithoutC: 1000 * (shares[0] + shares[1]),
});

describe('the Pareto curve data', () => {
  test.each<{ name: string; given: ParetoAnswer; then: [number, number][] }>([
    { name: 'the classic 20/80: through the tiers’ edges to all customers and all value', given: pareto([2, 5, 3], [0.8, 0.18, 0.02]), then: [[0, 0], [0.2, 0.8], [0.7, 0.98], [1, 1]] },
    { name: 'a loss-making tail (C negative): the curve rises above 1 and comes back down', given: pareto([2, 5, 3], [0.9, 0.2, -0.1]), then: [[0, 0], [0.2, 0.9], [0.7, 1.1], [1, 1]] },
    { name: 'no customers: no curve', given: pareto([0, 0, 0], [0, 0, 0]), then: [] },
  ])('$name', ({ given, then }) => {
    const curve = paretoCurve(given).map(({ customers, value }) => [customers, value]);
    expect(curve).toHaveLength(then.length);
    curve.forEach(([customers, value], i) => {
      expect(customers).toBeCloseTo(then[i][0], 10);
      expect(value).toBeCloseTo(then[i][1], 10);
    });
  });
});
