import { formatDateTime } from '../format';
import { shown, words } from './state-values';

describe("a customer's state as of a past time, shown", () => {
  test.each<{ given: unknown; then: string }>([
    { given: 'registered', then: 'registered' },
    { given: '2017-03-01T00:00:00.000Z', then: formatDateTime('2017-03-01T00:00:00.000Z') },
    { given: 115703, then: '115,703' },
    { given: 12.3456, then: '12.35' },
    { given: true, then: 'yes' },
    { given: null, then: '—' },
    { given: '', then: '—' },
    { given: {}, then: '—' },
    { given: [], then: '—' },
    { given: { name: 'Wang Fang', industry: 'logistics' }, then: 'Name: Wang Fang, Industry: logistics' },
    { given: { lastPurchaseAt: '2024-01-10T10:00:00Z', orders: 2 }, then: `Last purchase at: ${formatDateTime('2024-01-10T10:00:00Z')}, Orders: 2` },
    { given: ['a', 2], then: 'a; 2' },
  ])('$given', ({ given, then }) => {
    expect(shown(given)).toBe(then);
  });

  test.each([
    ['customerId', 'Customer id'],
    ['lastActivityAt', 'Last activity at'],
    ['status', 'Status'],
  ])('%s as a label: %s', (field, label) => {
    expect(words(field)).toBe(label);
  });
});
