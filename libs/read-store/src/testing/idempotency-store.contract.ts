import { randomUUID } from 'node:crypto';
import { IdempotencyStore } from '../idempotency-store.port';

/**
 * The behaviour every IdempotencyStore adapter must have. `open` gets the clock the store must
 * use, so that claims can be made stale without waiting; scopes are unique per test.
 */
export function idempotencyStoreContract(open: (clock: () => number) => Promise<{ store: IdempotencyStore; close(): Promise<void> }>): void {
  let now = 1_000_000;
  let opened: { store: IdempotencyStore; close(): Promise<void> };
  let store: IdempotencyStore;
  let scope: string;
  const STALE = 60_000;
  beforeEach(async () => {
    now = 1_000_000;
    opened = await open(() => now);
    store = opened.store;
    scope = `principal\u0000key-${randomUUID()}`;
  });
  afterEach(() => opened.close());

  it('answers a ping while reachable', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('lets the first request claim a key and shows the others its pending claim', async () => {
    expect(await store.claim(scope, 'f1', 'cmd-1', STALE)).toEqual({ claimed: true });
    expect(await store.claim(scope, 'f1', 'cmd-2', STALE)).toEqual({ claimed: false, record: expect.objectContaining({ fingerprint: 'f1', state: 'pending' }) });
    expect(await store.claim(scope, 'other', 'cmd-3', STALE)).toEqual({ claimed: false, record: expect.objectContaining({ fingerprint: 'f1' }) });
  });

  it('lets exactly one of many concurrent first requests claim a key', async () => {
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => store.claim(scope, 'f1', `cmd-${i}`, STALE)));
    expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
  });

  it('keeps a completed outcome, whatever its age, for every later request with the key', async () => {
    await store.claim(scope, 'f1', 'cmd-1', STALE);
    await store.complete(scope, 200, '{"ok":true}');
    now += 10 * STALE;
    expect(await store.claim(scope, 'f1', 'cmd-2', STALE)).toEqual({ claimed: false, record: { fingerprint: 'f1', state: 'done', status: 200, body: '{"ok":true}' } });
    await store.release(scope, 'cmd-1');
    expect((await store.claim(scope, 'f1', 'cmd-3', STALE)).claimed).toBe(false);
    expect(await store.renew(scope, 'cmd-1')).toBe(false); // done: nothing to keep fresh
  });

  it('forgets a released pending claim, so the key can be run again', async () => {
    await store.claim(scope, 'f1', 'cmd-1', STALE);
    await store.release(scope, 'cmd-1');
    expect(await store.claim(scope, 'f1', 'cmd-2', STALE)).toEqual({ claimed: true });
  });

  it('names the command id the key first ran under across takeovers, so a second takeover still finds what the first run appended', async () => {
    await store.claim(scope, 'f1', 'cmd-a', STALE);
    now += STALE + 1;
    expect(await store.claim(scope, 'f1', 'cmd-b', STALE)).toEqual({ claimed: true, abandonedCommandId: 'cmd-a' });
    now += STALE + 1; // b died too, before recording anything
    expect(await store.claim(scope, 'f1', 'cmd-c', STALE)).toEqual({ claimed: true, abandonedCommandId: 'cmd-a' });
    expect(await store.renew(scope, 'cmd-c')).toBe(true); // the holder is c
    expect(await store.renew(scope, 'cmd-b')).toBe(false);
  });

  it('keeps a renewed claim from going stale, and lets only its own request renew or release it', async () => {
    await store.claim(scope, 'f1', 'cmd-1', STALE);
    now += STALE - 1;
    expect(await store.renew(scope, 'cmd-1')).toBe(true);
    now += STALE - 1;
    expect((await store.claim(scope, 'f1', 'cmd-2', STALE)).claimed).toBe(false); // alive: not taken over
    now += 2;
    expect(await store.claim(scope, 'f1', 'cmd-2', STALE)).toEqual({ claimed: true, abandonedCommandId: 'cmd-1' });
    // The first request, late: it no longer holds the claim, and its release leaves the new one's.
    expect(await store.renew(scope, 'cmd-1')).toBe(false);
    await store.release(scope, 'cmd-1');
    expect(await store.claim(scope, 'f1', 'cmd-3', STALE)).toEqual({ claimed: false, record: expect.objectContaining({ state: 'pending' }) });
    expect(await store.renew(scope, 'cmd-2')).toBe(true);
  });

  it('hands a stale pending claim of the same request over, naming the command that died holding it', async () => {
    await store.claim(scope, 'f1', 'cmd-dead', STALE);
    now += STALE;
    expect((await store.claim(scope, 'f1', 'cmd-2', STALE)).claimed).toBe(false);
    now += 1;
    expect(await store.claim(scope, 'f1', 'cmd-2', STALE)).toEqual({ claimed: true, abandonedCommandId: 'cmd-dead' });
    // Taken over once: the new claim is fresh, and a different body never takes a claim over.
    expect((await store.claim(scope, 'f1', 'cmd-3', STALE)).claimed).toBe(false);
    now += 2 * STALE;
    expect(await store.claim(scope, 'other body', 'cmd-4', STALE)).toEqual({ claimed: false, record: expect.objectContaining({ fingerprint: 'f1' }) });
  });

  it('purges records older than a cutoff and keeps the newer ones', async () => {
    const old = `${scope}-old`;
    await store.claim(old, 'f', 'cmd-1', STALE);
    await store.complete(old, 200, '{}');
    now += 1000;
    await store.claim(scope, 'f', 'cmd-2', STALE);
    expect(await store.purgeOlderThan(new Date(now - 500))).toBeGreaterThanOrEqual(1);
    expect(await store.claim(old, 'f', 'cmd-3', STALE)).toEqual({ claimed: true });
    expect((await store.claim(scope, 'f', 'cmd-4', STALE)).claimed).toBe(false);
  });
}
