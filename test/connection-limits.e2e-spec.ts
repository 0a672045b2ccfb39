import { Socket, connect } from 'node:net';
import { KEYS, TestServer } from './support/test-server';

interface Exchange {
  /** Everything the server sent. */
  received: string;
  /** Milliseconds from connecting until the server closed the connection, or null if it had not within the wait. */
  closedAfterMs: number | null;
}

/** Opens a raw connection, writes `send` (never finishing the request unless it says so), and watches for up to `waitMs`. */
function exchange(server: TestServer, send: string, waitMs: number): Promise<Exchange> {
  const { hostname, port } = new URL(server.baseUrl);
  return new Promise((resolve) => {
    const started = Date.now();
    let received = '';
    const socket: Socket = connect(Number(port), hostname, () => socket.write(send));
    socket.on('data', (chunk) => (received += chunk));
    socket.on('error', () => undefined);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ received, closedAfterMs: null });
    }, waitMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ received, closedAfterMs: Date.now() - started });
    });
  });
}

const request = (headers: string[]) => ['POST /commands/CaptureLead HTTP/1.1', 'Host: crm', ...headers, '', ''].join('\r\n');

describe('what a client can hold before it is known', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ CRM_HEADERS_TIMEOUT_SECONDS: '1', CRM_REQUEST_TIMEOUT_SECONDS: '2' });
  });
  afterAll(() => server.stop());

  it('refuses a body without a valid key before reading it, and closes the connection', async () => {
    for (const auth of [[], ['Authorization: Bearer not-a-key-at-all']]) {
      const unending = request([...auth, 'Content-Type: application/json', 'Transfer-Encoding: chunked']) + '5\r\n{"a":\r\n';
      const reply = await exchange(server, unending, 5_000);
      expect(reply.received).toMatch(/^HTTP\/1\.1 401 /);
      expect(reply.received).toMatch(/content-type: application\/problem\+json/i);
      expect(reply.received).toMatch(/connection: close/i);
      // Well before the 2 s request timeout: the server did not wait for the body.
      expect(reply.closedAfterMs).not.toBeNull();
      expect(reply.closedAfterMs).toBeLessThan(1_500);
    }
  });

  it('refuses an unusable correlation id before reading the body, and closes the connection', async () => {
    const unending = request([`Authorization: Bearer ${KEYS.service}`, 'X-Correlation-Id: not a safe id', 'Content-Type: application/json', 'Transfer-Encoding: chunked']) + '5\r\n{"a":\r\n';
    const reply = await exchange(server, unending, 5_000);
    expect(reply.received).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply.received).toMatch(/X-Correlation-Id/);
    expect(reply.received).toMatch(/connection: close/i);
    expect(reply.closedAfterMs).not.toBeNull();
    expect(reply.closedAfterMs).toBeLessThan(1_500);
  });

  it('cuts off a slow body from a known client within seconds', async () => {
    const slow = request([`Authorization: Bearer ${KEYS.service}`, 'Content-Type: application/json', 'Content-Length: 100']) + '{"source":';
    const reply = await exchange(server, slow, 8_000);
    expect(reply.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(reply.closedAfterMs).not.toBeNull();
    expect(reply.closedAfterMs).toBeGreaterThanOrEqual(1_900);
    expect(reply.closedAfterMs).toBeLessThan(4_500);
  });

  it('cuts off slow headers, and a connection that sends nothing, within seconds', async () => {
    const [partial, silent] = await Promise.all([exchange(server, 'POST /commands/CaptureLead HTTP/1.1\r\nHost: crm\r\n', 8_000), exchange(server, '', 8_000)]);
    for (const reply of [partial, silent]) {
      expect(reply.closedAfterMs).not.toBeNull();
      expect(reply.closedAfterMs).toBeLessThan(3_500);
    }
  });

  it('still takes a whole request sent in good time', async () => {
    const body = JSON.stringify({ source: 'web', contact: { name: 'On time' } });
    const whole = request([`Authorization: Bearer ${KEYS.service}`, 'Content-Type: application/json', `Content-Length: ${body.length}`, 'Connection: close']) + body;
    const reply = await exchange(server, whole, 5_000);
    expect(reply.received).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('connections above the cap', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ CRM_MAX_CONNECTIONS: '5' });
  });
  afterAll(() => server.stop());

  it('are closed as they arrive, and the server serves again once one is freed', async () => {
    const { hostname, port } = new URL(server.baseUrl);
    const held = await Promise.all(
      Array.from({ length: 5 }, () => new Promise<Socket>((resolve) => {
        const socket = connect(Number(port), hostname, () => resolve(socket));
        socket.on('error', () => undefined);
      })),
    );
    // Let the server accept them before the next one arrives.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const over = await exchange(server, 'GET /health HTTP/1.1\r\nHost: crm\r\n\r\n', 3_000);
    expect(over.received).toBe('');
    expect(over.closedAfterMs).not.toBeNull();
    expect(over.closedAfterMs).toBeLessThan(1_000);
    expect(held.every((socket) => !socket.destroyed)).toBe(true);

    held.pop()?.destroy();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const served = await exchange(server, 'GET /health HTTP/1.1\r\nHost: crm\r\nConnection: close\r\n\r\n', 3_000);
    expect(served.received).toMatch(/^HTTP\/1\.1 200 /);
    for (const socket of held) socket.destroy();
  });
});
