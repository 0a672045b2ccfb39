import { filtersIn, queryOf } from './hash-filters';

describe('the filters an address holds', () => {
  test.each<{ hash: string; then: Record<string, string> }>([
    { hash: '#/customers', then: {} },
    { hash: '#/customers?region=APAC', then: { region: 'APAC' } },
    { hash: '#/customers?region=APAC&tier=A', then: { region: 'APAC', tier: 'A' } },
    { hash: '#/customers?region=', then: {} },
    { hash: '#/customers?colour=red&region=EMEA', then: { region: 'EMEA' } },
    { hash: '#/audit?type=CustomerRegistered&streamId=customer%2Fodd%20one', then: { type: 'CustomerRegistered', streamId: 'customer/odd one' } },
  ])('$hash', ({ hash, then }) => {
    expect(filtersIn(hash, ['region', 'tier', 'type', 'streamId'])).toEqual(then);
  });
});

describe('a query of the filters that are set', () => {
  test.each<{ given: Record<string, string | undefined>; then: string }>([
    { given: {}, then: '' },
    { given: { limit: '50', region: 'APAC', tier: undefined, industry: '' }, then: 'limit=50&region=APAC' },
    { given: { streamId: 'customer/odd one' }, then: 'streamId=customer%2Fodd+one' },
  ])('$then', ({ given, then }) => {
    expect(queryOf(given).toString()).toBe(then);
  });
});
