import { RuleViolation } from './domain-errors';
import { recencyReference, refuseFutureBusinessTime } from './future-business-time';

const NOW = '2026-12-01T12:00:00.000Z';

describe('business times from the future', () => {
  test.each([
    ['the past', '2017-03-01T00:00:00.000Z', 300, 'accepted'],
    ['now', NOW, 300, 'accepted'],
    ['exactly at the tolerance', '2026-12-01T12:05:00.000Z', 300, 'accepted'],
    ['one millisecond past it', '2026-12-01T12:05:00.001Z', 300, 'refused'],
    ['a mistyped year', '2199-01-01T00:00:00.000Z', 300, 'refused'],
    ['any future time with no tolerance', '2026-12-01T12:00:00.001Z', 0, 'refused'],
  ])('given the server clock at noon, when a command carries %s, then it is %s', (_label, at, tolerance, outcome) => {
    const attempt = () => refuseFutureBusinessTime(at, NOW, tolerance, 'occurredAt');
    if (outcome === 'accepted') expect(attempt).not.toThrow();
    else {
      expect(attempt).toThrow(RuleViolation);
      expect(attempt).toThrow(expect.objectContaining({ rule: 'business-time-in-future' }));
    }
  });

  test.each([
    ['the store is behind the clock', '2017-06-30T00:00:00.000Z', '2017-06-30T00:00:00.000Z'],
    ['the store holds a time from the future (written before the rule)', '2199-01-01T00:00:00.000Z', NOW],
    ['the store is empty', undefined, NOW],
  ])('recency is measured from the store clock, capped at the server clock, when %s', (_label, latest, expected) => {
    expect(recencyReference(latest, NOW)).toBe(expected);
  });
});
