/**
 * The address a limit counts by: an IPv4 address as it is (also when mapped into IPv6), an IPv6
 * address by its /64, since one client usually holds a whole /64 and could rotate through it.
 */
export function addressBucket(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = address.match(/^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i);
  if (mapped) return mapped[1];
  if (!address.includes(':')) return address;
  const bare = address.split('%')[0];
  const [head, tail] = bare.split('::');
  const front = head ? head.split(':') : [];
  const back = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back];
  return `${groups.slice(0, 4).map((group) => (parseInt(group, 16) || 0).toString(16)).join(':')}::/64`;
}

/**
 * Requests per second per address, in fixed one-second windows. The whole table is dropped at
 * each new window, so it never holds more addresses than one second of traffic brought.
 */
export class AddressRateLimiter {
  private readonly counts = new Map<string, number>();
  private windowEndsAt = 0;

  constructor(
    private readonly limitPerSecond: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Counts one request from the address: the seconds to wait when it is over the limit, else undefined. */
  take(address: string | undefined): number | undefined {
    if (this.limitPerSecond === 0) return undefined;
    const now = this.clock();
    if (now >= this.windowEndsAt) {
      this.counts.clear();
      this.windowEndsAt = now + 1000;
    }
    const bucket = addressBucket(address);
    const count = (this.counts.get(bucket) ?? 0) + 1;
    this.counts.set(bucket, count);
    return count > this.limitPerSecond ? Math.max(1, Math.ceil((this.windowEndsAt - now) / 1000)) : undefined;
  }
}
