import { KEYS, TestServer } from './support/test-server';

describe('rate limiting per API key', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '5' });
  });
  afterAll(() => server.stop());

  it('answers 429 problem+json past the limit, for that key only', async () => {
    const burst = await Promise.all(Array.from({ length: 12 }, () => server.command('CaptureLead', { source: 'web', contact: { name: 'x' } })));
    const limited = burst.filter((r) => r.status === 429);
    expect(burst.filter((r) => r.status === 200)).toHaveLength(5);
    expect(limited).toHaveLength(7);
    expect(limited[0].headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited[0].body.status).toBe(429);

    const otherKey = await server.command('CaptureLead', { source: 'web', contact: { name: 'y' } }, { key: KEYS.admin });
    expect(otherKey.status).toBe(200);
  });

  it('says when to retry', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const burst = await Promise.all(Array.from({ length: 8 }, () => server.send('GET', '/leads?limit=1')));
    const limited = burst.find((r) => r.status === 429);
    expect(limited?.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('spends no key’s budget on the open endpoints, even when they carry the key', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const health = await Promise.all(Array.from({ length: 8 }, () => server.send('GET', '/health/live', undefined, { key: KEYS.analyst })));
    expect(health.map((r) => r.status)).toEqual(Array(8).fill(200));
    const keyed = await Promise.all(Array.from({ length: 5 }, () => server.send('GET', '/leads?limit=1', undefined, { key: KEYS.analyst })));
    expect(keyed.map((r) => r.status)).toEqual(Array(5).fill(200));
  });
});

describe('rate limiting per client address, before a key is known', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '0', CRM_ADDRESS_RATE_LIMIT_PER_SECOND: '5' });
  });
  afterAll(() => server.stop());
  // Windows are one second long and start with the first request after the last one ended.
  beforeEach(() => new Promise((resolve) => setTimeout(resolve, 1100)));

  const expectLimited = (replies: { status: number; headers: Headers; body: { status: number; type: string } }[], allowed: number) => {
    const limited = replies.filter((r) => r.status === 429);
    expect(replies.length - limited.length).toBe(allowed);
    for (const reply of limited) {
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.headers.get('retry-after')).toBe('1');
      expect(reply.body).toEqual(expect.objectContaining({ status: 429, type: '/problems/rate-limited' }));
    }
  };

  it.each(['/health', '/metrics', '/docs-json', '/docs/'])('limits the open endpoint %s per address, with or without a key', async (path) => {
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => server.send('GET', path, undefined, { key: i % 2 ? null : KEYS.admin })));
    expectLimited(replies, 5);
    expect(replies.filter((r) => r.status !== 429).every((r) => r.status === 200)).toBe(true);
  });

  it('limits requests with a missing or unknown key, whatever they ask for', async () => {
    const replies = await Promise.all([
      ...Array.from({ length: 4 }, () => server.send('GET', '/customers?limit=1', undefined, { key: null })),
      ...Array.from({ length: 4 }, () => server.command('CaptureLead', { source: 'web', contact: { name: 'x' } }, { key: 'not-a-key-at-all' })),
    ]);
    expectLimited(replies, 5);
    expect(replies.filter((r) => r.status !== 429).every((r) => r.status === 401)).toBe(true);
  });

  it('leaves requests with a valid key to the per-key limit, even while the address is limited', async () => {
    const anonymous = await Promise.all(Array.from({ length: 8 }, () => server.send('GET', '/health', undefined, { key: null })));
    expectLimited(anonymous, 5);
    const keyed = await Promise.all(Array.from({ length: 8 }, () => server.send('GET', '/leads?limit=1')));
    expect(keyed.map((r) => r.status)).toEqual(Array(8).fill(200));
  });
});
