import { ALL_REACTORS, CommandContext, CommandService, captureLead, qualifyLead } from '@crm/application';
import { EventStore, SqliteEventStore, openSqlite } from '@crm/event-store';
import { SqliteReadStore } from '@crm/read-store';
import { randomUUID } from 'node:crypto';
import { checkpointName } from '../engine/projection';
import { ProjectionEngine } from '../engine/projection-engine';
import { reactorProcessor, reactorProcessors } from './reactor-processor';
import { until } from '../testing/until';

const T0 = '2026-01-01T00:00:00.000Z';
const A_YEAR = 366 * 86_400;
const contact = { name: 'Li Wei', company: 'Acme', email: 'li@acme.test' };
const ctx = (): CommandContext => {
  const commandId = randomUUID();
  return { actor: 'svc', commandId, correlationId: randomUUID(), causationId: commandId, now: T0 };
};
const fast = { idleWaitMs: 20, leaseTtlMs: 300, retryStoreMs: 10 };

/** The reactors as processors of the engine: the safety net behind inline reactions, with a checkpoint and lease in the read store. */
describe('reactor processors on the engine', () => {
  let store: EventStore;
  let reads: SqliteReadStore;
  const commands = (inline: boolean) =>
    new CommandService(store, { dormancyThresholdDays: 90, futureToleranceSeconds: A_YEAR, reactors: inline ? ALL_REACTORS : [] });
  const customerEvents = async (id: string) => (await store.readStream(`customer-${id}`)).map((e) => e.type);

  beforeEach(() => {
    const db = openSqlite(':memory:');
    store = new SqliteEventStore(db, { pollIntervalMs: 10 });
    reads = new SqliteReadStore(db);
  });

  it('never registers twice when the LeadQualified event is delivered again after its inline reaction', async () => {
    const service = commands(true);
    await service.execute(captureLead, { leadId: 'l1', source: 'web', contact }, ctx());
    await service.execute(qualifyLead, { leadId: 'l1', customerId: 'c1' }, ctx());
    const engine = new ProjectionEngine(reactorProcessors({ events: store, commands: service }), store, reads, fast);
    engine.start();
    await until(async () => (await engine.statuses()).every((status) => status.status === 'live'));
    await engine.stop();
    expect(await customerEvents('c1')).toEqual(['CustomerRegistered']);
  });

  it('catches up a reaction the inline path lost, commits its checkpoint in the read store, and resumes from it', async () => {
    const withoutInline = commands(false);
    await withoutInline.execute(captureLead, { leadId: 'l1', source: 'web', contact }, ctx());
    await withoutInline.execute(qualifyLead, { leadId: 'l1', customerId: 'c1' }, ctx());
    expect(await customerEvents('c1')).toEqual([]);

    const leadToCustomer = reactorProcessor(ALL_REACTORS[0], { events: store, commands: withoutInline });
    const first = new ProjectionEngine([leadToCustomer], store, reads, fast);
    first.start();
    await until(async () => (await customerEvents('c1')).length === 1);
    // Its checkpoint passes the reaction's own event too (the head moved on with it).
    await until(async () => (await reads.getCheckpoint(checkpointName(leadToCustomer))) === (await store.headPosition()));
    await first.stop();

    // A second process starts from the shared checkpoint: the lead qualified before it is not reacted to again.
    const react = jest.spyOn(ALL_REACTORS[0], 'react');
    await withoutInline.execute(captureLead, { leadId: 'l2', source: 'web', contact }, ctx());
    await withoutInline.execute(qualifyLead, { leadId: 'l2', customerId: 'c2' }, ctx());
    const second = new ProjectionEngine([reactorProcessor(ALL_REACTORS[0], { events: store, commands: withoutInline })], store, reads, fast);
    second.start();
    await until(async () => (await customerEvents('c2')).length === 1);
    await second.stop();
    expect(react.mock.calls.map(([event]) => (event.data as { leadId: string }).leadId)).toEqual(['l2']);
    react.mockRestore();
  });

  it('shows as a reactor in the statuses, and only one of two processes runs it (the other stands by)', async () => {
    const service = commands(false);
    const a = new ProjectionEngine(reactorProcessors({ events: store, commands: service }), store, reads, { ...fast, owner: 'a' });
    const b = new ProjectionEngine(reactorProcessors({ events: store, commands: service }), store, reads, { ...fast, owner: 'b' });
    a.start();
    await until(async () => (await a.statuses()).every((status) => status.status === 'live'));
    b.start();
    await until(async () => (await b.statuses()).every((status) => status.status === 'live'));
    const seenByB = await b.statuses();
    expect(seenByB.map(({ name, kind }) => ({ name, kind }))).toEqual(ALL_REACTORS.map(({ name }) => ({ name, kind: 'reactor' })));
    await service.execute(captureLead, { leadId: 'l3', source: 'web', contact }, ctx());
    await service.execute(qualifyLead, { leadId: 'l3', customerId: 'c3' }, ctx());
    await until(async () => (await customerEvents('c3')).length === 1);
    await Promise.all([a.stop(), b.stop()]);
    expect(await customerEvents('c3')).toEqual(['CustomerRegistered']);
  });

  it('is not rebuilt: its reactions already happened', async () => {
    const engine = new ProjectionEngine(reactorProcessors({ events: store, commands: commands(false) }), store, reads, fast);
    await expect(engine.rebuild(ALL_REACTORS[0].name)).rejects.toThrow(/not rebuilt/);
  });
});
