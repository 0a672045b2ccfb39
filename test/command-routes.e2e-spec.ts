import { KEYS, TestServer } from './support/test-server';

describe('the /commands/{name} routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '0' });
  });
  afterAll(() => server.stop());

  it.each([
    ['GET', 'CaptureLead'],
    ['PUT', 'RecordPurchase'],
    ['DELETE', 'DetectDormancy'],
    ['PATCH', 'capturelead'],
    ['GET', 'NoSuchCommand'],
  ])('answers %s /commands/%s with 405, Allow: POST and a problem document', async (method, name) => {
    const reply = await server.send(method, `/commands/${name}`);
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('POST');
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body).toEqual(expect.objectContaining({ status: 405, type: '/problems/method-not-allowed', detail: expect.stringContaining('POST') }));
  });

  it('keeps 401 for a wrong method without a key, and 404 for a POST of an unknown name', async () => {
    expect((await server.send('GET', '/commands/CaptureLead', undefined, { key: null })).status).toBe(401);
    const unknown = await server.send('POST', '/commands/NoSuchCommand', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toBe('/problems/unknown-command');
  });

  it('counts every unknown command name under one metrics label, and known names under their own spelling', async () => {
    const series = async () => {
      const text = (await server.send('GET', '/metrics', undefined, { key: null })).text;
      const lines = text.split('\n').filter((line) => line.startsWith('crm_commands_total{'));
      return { text, counts: new Map(lines.map((line) => [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1))])) };
    };
    const before = (await series()).counts;
    for (let i = 0; i < 30; i++) expect((await server.command(`Junk${i}x`, {})).status).toBe(404);
    expect((await server.command('CaptureLead', { source: 'web', contact: { name: 'A' } })).status).toBe(200);
    expect((await server.command('capturelead', { source: 'web', contact: { name: 'B' } })).status).toBe(200);
    expect((await server.send('GET', '/commands/CaptureLead')).status).toBe(405);
    // Refused before any route (no key): counted all the same.
    expect((await server.send('POST', '/commands/CaptureLead', { source: 'web', contact: { name: 'C' } }, { key: null })).status).toBe(401);

    const after = await series();
    const added = (name: string) => (after.counts.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(added('crm_commands_total{command="unknown",status="404"}')).toBe(30);
    expect(added('crm_commands_total{command="CaptureLead",status="200"}')).toBe(2);
    expect(added('crm_commands_total{command="CaptureLead",status="405"}')).toBe(1);
    expect(added('crm_commands_total{command="CaptureLead",status="401"}')).toBe(1);
    expect(after.text).not.toMatch(/Junk\d+x|capturelead|NoSuchCommand/);
  });

  it('is 405 for a key of any role, not a 403 that suggests another role could GET it', async () => {
    expect((await server.send('GET', '/commands/CaptureLead', undefined, { key: KEYS.analyst })).status).toBe(405);
  });
});
