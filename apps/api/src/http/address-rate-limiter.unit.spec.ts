import { AddressRateLimiter, addressBucket } from './address-rate-limiter';

describe('the address a rate limit counts by', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:0:0:0:1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    [undefined, 'unknown'],
  ])('%s counts as %s', (address, bucket) => {
    expect(addressBucket(address)).toBe(bucket);
  });
});

describe('the per-address limiter', () => {
  it('allows the limit per second per address, says how long to wait, and starts afresh in the next window', () => {
    let now = 10_000;
    const limiter = new AddressRateLimiter(2, () => now);
    expect([limiter.take('1.1.1.1'), limiter.take('1.1.1.1'), limiter.take('1.1.1.1')]).toEqual([undefined, undefined, 1]);
    expect(limiter.take('2.2.2.2')).toBeUndefined();
    // Every address of one IPv6 /64 is one client.
    expect([limiter.take('2001:db8::1'), limiter.take('2001:db8::2'), limiter.take('2001:db8::3')]).toEqual([undefined, undefined, 1]);
    now += 1000;
    expect(limiter.take('1.1.1.1')).toBeUndefined();
  });

  it('is off at 0', () => {
    const limiter = new AddressRateLimiter(0);
    expect(Array.from({ length: 100 }, () => limiter.take('1.1.1.1')).every((wait) => wait === undefined)).toBe(true);
  });
});
