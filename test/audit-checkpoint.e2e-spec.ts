import { CheckpointSigningKey, signedMessage } from '@crm/application';
import { RecordedEvent, openSqlite, recomputeHash } from '@crm/event-store';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliAsync } from './support/run-entry';
import { KEYS, TestServer } from './support/test-server';

type Row = { position: bigint; stream_id: string; version: bigint; event_id: string; type: string; data: string; metadata: string };
type Finding = { streamId: string; version: number; reason: string };

describe('signed checkpoints of the audit log', () => {
  let server: TestServer;
  /** Taken while appending: on the empty log, then after each group of streams. */
  const checkpoints: Record<string, unknown>[] = [];
  const get = (path: string, key: string = KEYS.auditor) => server.send('GET', path, undefined, { key });
  const verify = (body: unknown, key: string = KEYS.auditor) => server.send('POST', '/audit/verify', body, { key });
  const take = async () => {
    const reply = await get('/audit/checkpoint');
    expect(reply.status).toBe(200);
    checkpoints.push(reply.body);
    return reply.body;
  };
  const stream = async (id: string) => {
    await server.mustCommand('RegisterCustomer', { customerId: id, name: id, registeredAt: '2026-02-01T00:00:00Z' });
    for (let i = 0; i < 3; i++) await server.mustCommand('LogInteraction', { customerId: id, channel: 'email', direction: 'outbound', kind: 'other', summary: `note ${i}` });
  };
  const note = (id: string, summary: string) => server.mustCommand('LogInteraction', { customerId: id, channel: 'call', direction: 'inbound', kind: 'other', summary });

  beforeAll(async () => {
    server = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '0' });
    await take();
    for (const id of ['t-data', 't-meta', 't-middle']) await stream(id);
    await take();
    for (const id of ['t-last', 't-stream', 't-insert', 't-rechain']) await stream(id);
    await take();
    // Two streams interleaved, so that their last events can change places without breaking either chain.
    for (const id of ['t-swap-a', 't-swap-b']) await server.mustCommand('RegisterCustomer', { customerId: id, name: id });
    for (let i = 0; i < 2; i++) for (const id of ['t-swap-a', 't-swap-b']) await note(id, `swap ${i}`);
    await stream('t-tail');
    await take();
  });
  afterAll(() => server.stop());

  it.each(['/audit/checkpoint', '/audit/checkpoint-key'])('%s is for auditors and admins only', async (path) => {
    expect((await get(path, KEYS.auditor)).status).toBe(200);
    expect((await get(path, KEYS.admin)).status).toBe(200);
    expect((await get(path, KEYS.service)).status).toBe(403);
    expect((await get(path, KEYS.analyst)).status).toBe(403);
    expect((await server.send('GET', path, undefined, { key: null })).status).toBe(401);
  });

  it('POST /audit/verify is for auditors and admins only', async () => {
    const checkpoint = checkpoints.at(-1);
    expect((await verify(checkpoint, KEYS.admin)).status).toBe(200);
    expect((await verify(checkpoint, KEYS.analyst)).status).toBe(403);
    expect((await server.send('POST', '/audit/verify', checkpoint, { key: null })).status).toBe(401);
  });

  it('signs the head of the whole log with the key it publishes, kept in the data folder in development', async () => {
    const head = checkpoints.at(-1) as { position: string; streams: number; events: number; keyId: string; heads: { streamId: string; version: number }[] };
    expect(head).toEqual(expect.objectContaining({ position: await server.store.headPosition(), streams: 10, events: 38, root: expect.stringMatching(/^[0-9a-f]{64}$/), signedAt: expect.any(String), signature: expect.any(String) }));
    expect(head.heads.find((h) => h.streamId === 'customer-t-last')).toEqual(expect.objectContaining({ version: 3 }));
    const key = (await get('/audit/checkpoint-key')).body;
    expect(key).toEqual({ keyId: head.keyId, algorithm: 'Ed25519', publicKey: expect.any(String), publicKeyPem: expect.stringContaining('BEGIN PUBLIC KEY') });
    expect(existsSync(join(server.dataDir, 'audit-signing.key'))).toBe(true);
    expect(checkpoints[0]).toEqual(expect.objectContaining({ position: null, streams: 0, events: 0, heads: [] }));
  });

  it('describes the three endpoints with their schemas in /docs-json', async () => {
    const { paths, components } = (await server.send('GET', '/docs-json', undefined, { key: null })).body;
    const schemaOf = (path: string, method: string, status: string) => paths[path][method].responses[status].content['application/json'].schema.$ref;
    expect(schemaOf('/audit/checkpoint', 'get', '200')).toBe('#/components/schemas/CheckpointDto');
    expect(schemaOf('/audit/checkpoint-key', 'get', '200')).toBe('#/components/schemas/CheckpointKeyDto');
    expect(schemaOf('/audit/verify', 'post', '200')).toBe('#/components/schemas/CheckpointVerificationDto');
    expect(paths['/audit/verify'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/CheckpointDto');
    expect(Object.keys(paths['/audit/verify'].post.responses)).toEqual(expect.arrayContaining(['200', '400', '422']));
    expect(Object.keys(components.schemas.CheckpointDto.properties)).toEqual(['position', 'streams', 'events', 'root', 'heads', 'signedAt', 'keyId', 'signature']);
    expect(Object.keys(components.schemas.CheckpointVerificationDto.properties)).toEqual(['ok', 'streams', 'events', 'broken', 'missing', 'added', 'moved', 'checkpoint', 'atCheckpoint']);
    expect(paths['/audit/verify'].get).toBeDefined();
  });

  it('passes the untouched log against every earlier checkpoint, after a restart too', async () => {
    await server.restart();
    for (const checkpoint of checkpoints) {
      const reply = await verify(checkpoint);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual(expect.objectContaining({ ok: true, streams: 10, events: 38, broken: [], missing: [], added: [], moved: [] }));
      expect(reply.body.atCheckpoint.matches).toBe(true);
    }
  });

  it('writes a checkpoint to a file from the command line and verifies against it (exit 0)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'crm-head-')), 'head.json');
    const taken = await cliAsync(server.dataDir, 'audit', 'checkpoint', '--out', file);
    expect(taken.status).toBe(0);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written).toEqual(expect.objectContaining({ position: await server.store.headPosition(), events: 38, keyId: (checkpoints[0] as { keyId: string }).keyId }));
    expect((await verify(written)).body.ok).toBe(true);
    const verified = await cliAsync(server.dataDir, 'audit', 'verify', '--against', file);
    expect(verified.status).toBe(0);
    expect(JSON.parse(verified.stdout)).toEqual(expect.objectContaining({ ok: true, missing: [], added: [], moved: [] }));
    expect((await cliAsync(server.dataDir, 'audit', 'verify', '--against', join(file, '..', 'nothing.json'))).status).toBe(2);
    writeFileSync(file, JSON.stringify({ ...written, events: written.events - 1 }));
    const forged = await cliAsync(server.dataDir, 'audit', 'verify', '--against', file);
    expect(forged.status).toBe(2);
    expect(forged.stderr).toContain(`${file}: The checkpoint's signature does not hold under key ${written.keyId}`);
  }, 180_000);

  describe('refuses a checkpoint it cannot vouch for', () => {
    const latest = () => checkpoints.at(-1) as Record<string, unknown> & { heads: { streamId: string; version: number }[] };

    it('malformed: 400 naming each bad field by its path', async () => {
      const { signature: _s, ...unsigned } = latest();
      const reply = await verify({ ...unsigned, streams: 'ten', heads: [{ streamId: 'x', version: -1, position: '1', hash: 'nope' }], extra: 1 });
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.body.errors).toEqual([
        { field: 'extra', message: 'is not a known field' },
        { field: 'streams', message: 'must be a whole number ≥ 0' },
        { field: 'signature', message: 'must be an Ed25519 signature (64 bytes, base64)' },
        { field: 'heads[0].version', message: 'must be a whole number ≥ 0' },
        { field: 'heads[0].hash', message: 'must be a SHA-256 hash (64 lower-case hex digits)' },
      ]);
      expect((await server.send('POST', '/audit/verify', undefined, { key: KEYS.auditor, raw: '[1,2]' })).status).toBe(400);
      expect((await server.send('POST', '/audit/verify', undefined, { key: KEYS.auditor, raw: '{"position":' })).status).toBe(400);
    });

    it("reads an auditor's checkpoint past the general body limit (over ten thousand streams), nobody else's", async () => {
      const head = latest().heads[0];
      const big = { ...latest(), heads: Array.from({ length: 12_000 }, (_, i) => ({ ...head, streamId: `customer-padding-${i}` })) };
      expect(JSON.stringify(big).length).toBeGreaterThan(1024 * 1024); // the general limit
      expect((await verify(big)).status).toBe(422); // read, and its signature checked
      expect((await verify(big, KEYS.service)).status).toBe(413);
    });

    it('re-signed with another key: 422 naming both keys', async () => {
      const other = CheckpointSigningKey.generate();
      const body = { ...latest(), keyId: other.keyId } as Parameters<typeof signedMessage>[0];
      const reply = await verify({ ...body, signature: other.sign(signedMessage(body)).toString('base64') });
      expect(reply.status).toBe(422);
      expect(reply.body).toEqual(expect.objectContaining({ type: '/problems/checkpoint-refused', reason: 'other-key', detail: expect.stringContaining(other.keyId) }));
      // …and signed by another key while claiming this log's key id
      const claimed = latest() as unknown as Parameters<typeof signedMessage>[0];
      const forged = await verify({ ...claimed, signature: other.sign(signedMessage(claimed)).toString('base64') });
      expect(forged.status).toBe(422);
      expect(forged.body.reason).toBe('bad-signature');
    });

    it.each([
      ['a stream dropped from the heads', (c: ReturnType<typeof latest>) => ({ ...c, heads: c.heads.filter((h) => h.streamId !== 'customer-t-stream'), streams: 9 })],
      ['a head moved back a version', (c: ReturnType<typeof latest>) => ({ ...c, heads: c.heads.map((h) => (h.streamId === 'customer-t-last' ? { ...h, version: 2 } : h)) })],
      ['fewer events', (c: ReturnType<typeof latest>) => ({ ...c, events: 39 })],
    ])('forged (%s, with the old signature): 422', async (_name, edit) => {
      const reply = await verify(edit(latest()));
      expect(reply.status).toBe(422);
      expect(reply.body).toEqual(expect.objectContaining({ reason: 'bad-signature', detail: expect.stringContaining('signature does not hold') }));
    });
  });

  describe('after the data file is edited by hand', () => {
    let result: { ok: boolean; broken: Finding[]; missing: Finding[]; added: Finding[]; moved: Finding[]; atCheckpoint: { matches: boolean } };
    let chainsOnly: { ok: boolean; broken: Finding[] };
    const named = (list: Finding[], streamId: string) => list.filter((f) => f.streamId === `customer-${streamId}`).map((f) => f.version);

    beforeAll(async () => {
      const checkpoint = checkpoints.at(-1) as { position: string };
      const db = openSqlite(join(server.dataDir, 'crm.sqlite'));
      const row = (streamId: string, version: number) => db.prepare('SELECT * FROM events WHERE stream_id = ? AND version = ?').get(`customer-${streamId}`, version) as Row;
      const asEvent = (r: Row): RecordedEvent => ({ eventId: r.event_id, streamId: r.stream_id, version: Number(r.version), position: String(r.position), type: r.type, data: JSON.parse(r.data), metadata: JSON.parse(r.metadata) });

      db.prepare("UPDATE events SET data = json_set(data, '$.summary', 'forged') WHERE stream_id = 'customer-t-data' AND version = 2").run();
      db.prepare("UPDATE events SET metadata = json_set(metadata, '$.actor', 'mallory') WHERE stream_id = 'customer-t-meta' AND version = 1").run();
      db.prepare("DELETE FROM events WHERE stream_id = 'customer-t-middle' AND version = 1").run();
      db.prepare("DELETE FROM events WHERE stream_id = 'customer-t-last' AND version = 3").run();
      db.prepare("DELETE FROM events WHERE stream_id = 'customer-t-stream'").run();

      // Insert: a forged fifth event of t-insert, correctly chained, at the checkpoint's position; the event there moves after it.
      const previous = asEvent(row('t-insert', 3));
      const forged = { ...previous, eventId: 'forged-event', version: 4, data: { ...previous.data, interactionId: 'forged', summary: 'never happened' } };
      forged.metadata = { ...previous.metadata, prevHash: previous.metadata.hash };
      forged.metadata.hash = recomputeHash(previous.metadata.hash, forged);
      db.prepare('UPDATE events SET position = position + 1 WHERE position = ?').run(BigInt(checkpoint.position));
      db.prepare('INSERT INTO events (position, stream_id, version, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        BigInt(checkpoint.position), forged.streamId, 4, forged.eventId, forged.type, JSON.stringify(forged.data), JSON.stringify(forged.metadata),
      );

      // Swap: the last events of two interleaved streams change places in the global order.
      const [a, b] = [row('t-swap-a', 2), row('t-swap-b', 2)];
      db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(a.position);
      db.prepare('UPDATE events SET position = ? WHERE position = ?').run(a.position, b.position);
      db.prepare('UPDATE events SET position = ? WHERE position = -1').run(b.position);

      // Rewrite: change t-rechain's version 1 and recompute its chain from there, as anyone with the file can (SHA-256 needs no key).
      let prevHash = asEvent(row('t-rechain', 0)).metadata.hash;
      for (let version = 1; version <= 3; version++) {
        const event = asEvent(row('t-rechain', version));
        if (version === 1) event.data = { ...event.data, summary: 'rewritten' };
        event.metadata = { ...event.metadata, prevHash };
        event.metadata.hash = recomputeHash(prevHash, event);
        prevHash = event.metadata.hash;
        db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?').run(JSON.stringify(event.data), JSON.stringify(event.metadata), BigInt(event.position));
      }
      db.close();

      chainsOnly = (await get('/audit/verify')).body;
      const reply = await verify(checkpoint);
      expect(reply.status).toBe(200);
      result = reply.body;
    });

    it('is not ok', () => {
      expect(result.ok).toBe(false);
      expect(result.atCheckpoint.matches).toBe(false);
    });

    it('names changed data and metadata, as GET /audit/verify does', () => {
      expect(result.broken).toEqual(expect.arrayContaining([
        { streamId: 'customer-t-data', version: 2, reason: 'hash does not match the stored content' },
        { streamId: 'customer-t-meta', version: 1, reason: 'hash does not match the stored content' },
      ]));
      expect(named(chainsOnly.broken, 't-data')).toEqual([2]);
    });

    it('names a deleted middle event as missing (the chain only names the one after it)', () => {
      expect(named(result.missing, 't-middle')).toEqual([1]);
      expect(named(result.broken, 't-middle')).toEqual([2]);
      expect(named(chainsOnly.broken, 't-middle')).toEqual([2]);
    });

    it("names a stream's deleted last event, which the chains cannot see", () => {
      expect(result.missing.filter((f) => f.streamId === 'customer-t-last')).toEqual([
        { streamId: 'customer-t-last', version: 3, reason: 'missing: the checkpoint holds versions 0–3 of this stream' },
      ]);
      expect(named(chainsOnly.broken, 't-last')).toEqual([]);
    });

    it('names every event of a deleted stream, which the chains cannot see', () => {
      expect(named(result.missing, 't-stream')).toEqual([0, 1, 2, 3]);
      expect(result.missing.find((f) => f.streamId === 'customer-t-stream')?.reason).toBe('missing: the whole stream is gone; the checkpoint holds its versions 0–3');
      expect(named(chainsOnly.broken, 't-stream')).toEqual([]);
    });

    it('names an inserted event, correctly chained, and the event it pushed past the checkpoint', () => {
      expect(result.added).toEqual([{ streamId: 'customer-t-insert', version: 4, reason: expect.stringMatching(/^added: at position \d+, at or before the checkpoint's \d+, which ends this stream at version 3$/) }]);
      expect(named(result.moved, 't-tail')).toEqual([3]);
      expect(named(chainsOnly.broken, 't-insert')).toEqual([]);
    });

    it('names two events that changed places, which the chains cannot see', () => {
      expect(named(result.moved, 't-swap-a')).toEqual([2]);
      expect(named(result.moved, 't-swap-b')).toEqual([2]);
      expect(result.moved.find((f) => f.streamId === 'customer-t-swap-a')?.reason).toMatch(/^moved: at position \d+, the checkpoint has it at \d+$/);
      expect(named(chainsOnly.broken, 't-swap-a')).toEqual([]);
    });

    it('names a stream rewritten with its chain recomputed, which the chains pass', () => {
      expect(result.broken.filter((f) => f.streamId === 'customer-t-rechain')).toEqual([{ streamId: 'customer-t-rechain', version: 3, reason: expect.stringMatching(/^rewritten: /) }]);
      expect(named(chainsOnly.broken, 't-rechain')).toEqual([]);
    });

    it('names nothing else', () => {
      const all = [...result.broken, ...result.missing, ...result.added, ...result.moved];
      expect(new Set(all.map((f) => f.streamId))).toEqual(new Set(['t-data', 't-meta', 't-middle', 't-last', 't-stream', 't-insert', 't-tail', 't-swap-a', 't-swap-b', 't-rechain'].map((id) => `customer-${id}`)));
    });

    it('exits 1 from the command line, naming each problem', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'crm-head-')), 'head.json');
      writeFileSync(file, JSON.stringify(checkpoints.at(-1)));
      const run = await cliAsync(server.dataDir, 'audit', 'verify', '--against', file);
      expect(run.status).toBe(1);
      expect(JSON.parse(run.stdout)).toEqual(expect.objectContaining({ ok: false, missing: result.missing, added: result.added, moved: result.moved }));
      expect(run.stderr).toContain('missing customer-t-last version 3: missing: the checkpoint holds versions 0–3 of this stream');
      expect(run.stderr).toContain('added customer-t-insert version 4');
      expect(run.stderr).toContain('moved customer-t-swap-b version 2');
    }, 60_000);
  });
});
