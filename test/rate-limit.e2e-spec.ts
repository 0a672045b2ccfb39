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

  it('never limits /health', async () => {
    const replies = await Promise.all(Array.from({ length: 10 }, () => server.send('GET', '/health', undefined, { key: null })));
    expect(replies.every((r) => r.status === 200)).toBe(true);
  });
});
