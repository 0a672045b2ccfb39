import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestServer } from '../support/test-server';

describe('a server whose console was not built', () => {
  let server: TestServer;
  const empty = mkdtempSync(join(tmpdir(), 'crm-no-console-'));

  beforeAll(async () => {
    server = await TestServer.start({ CRM_CONSOLE_DIR: empty });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(empty, { recursive: true, force: true });
  });

  it.each(['/console', '/console/', '/console/customers'])('answers %s with a problem document saying how to build it, without a key', async (path) => {
    const response = await fetch(`${server.baseUrl}${path}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ type: expect.stringContaining('console-not-built'), status: 404, detail: expect.stringContaining('npm run build:console') });
  });
});
