import { NewEvent } from '@crm/event-store';
import { KEYS, TestServer } from './support/test-server';

/** An InteractionLogged as schema v1 stored it, before `actor` was renamed `handledBy`. */
const oldShape: NewEvent = {
  eventId: '8c6d8f3e-5b1c-4c6f-9a77-3f1f9d2b1a01',
  type: 'InteractionLogged',
  data: { customerId: 'c1', interactionId: 'legacy-1', channel: 'visit', direction: 'outbound', kind: 'follow-up', summary: 'old visit', actor: 'eng-legacy', occurredAt: '2026-01-02T00:00:00.000Z' },
  metadata: { occurredAt: '2026-01-02T00:00:00.000Z', actor: 'legacy-import', commandType: 'LogInteraction', commandId: 'legacy', correlationId: 'legacy', causationId: 'legacy', schemaVersion: 1 },
};

describe('an event stored in an old shape', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
    await server.mustCommand('RegisterCustomer', { customerId: 'c1', name: 'Acme', registeredAt: '2026-01-01' });
    await server.store.appendToStream('customer-c1', [oldShape], { expectedRevision: 0 });
  });
  afterAll(() => server.stop());

  const get = (path: string, key: string = KEYS.analyst) => server.send('GET', path, undefined, { key });

  it('loads through commands: the decider folded it', async () => {
    const again = await server.command('LogInteraction', { customerId: 'c1', interactionId: 'legacy-1', channel: 'call', direction: 'inbound', kind: 'other', summary: 'dup' });
    expect([again.status, again.body.rule]).toEqual([422, 'interaction-already-logged']);
    const fresh = await server.mustCommand('LogInteraction', { customerId: 'c1', channel: 'call', direction: 'inbound', kind: 'other', summary: 'new', actor: 'eng-now', occurredAt: '2026-01-03T00:00:00Z' });
    const [stored] = await server.store.readStream('customer-c1', { fromVersion: fresh.body.version });
    expect(stored.metadata.schemaVersion).toBe(2);
    expect(stored.data).toEqual(expect.objectContaining({ handledBy: 'eng-now' }));
    expect(stored.data).not.toHaveProperty('actor');
  });

  it('loads through projections: the timeline shows who handled it', async () => {
    const timeline = await get(`/customers/c1/timeline?kinds=interaction&minPosition=${server.lastPosition}`);
    expect(timeline.body.items.map((i: { actor: string; summary: string }) => [i.actor, i.summary])).toEqual([
      ['eng-legacy', 'Outbound visit (follow-up): old visit'],
      ['eng-now', 'Inbound call (other): new'],
    ]);
  });

  it('loads through time travel and audit in the current shape, and still verifies', async () => {
    const state = await get('/customers/c1/state?asOf=2026-01-02T12:00:00Z');
    expect(state.body.state.interactions).toBe(1); // the v1 interaction folded in
    const audit = await get('/audit/events?streamId=customer-c1&type=InteractionLogged&limit=10', KEYS.auditor);
    expect(audit.body.items[0]).toEqual(expect.objectContaining({ schemaVersion: 1, data: expect.objectContaining({ handledBy: 'eng-legacy' }) }));
    expect(audit.body.items[0].data).not.toHaveProperty('actor');
    expect((await get('/audit/verify', KEYS.auditor)).body.ok).toBe(true);
  });
});
