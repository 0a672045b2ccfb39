import { filtersIn } from './hash-filters';

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
