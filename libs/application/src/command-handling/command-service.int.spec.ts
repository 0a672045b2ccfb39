import { AggregateNotFound, addDays } from '@crm/domain';
import { EventStore, SqliteEventStore, WrongExpectedVersionError, openSqlite } from '@crm/event-store';
import { randomUUID } from 'node:crypto';
import {
  advanceStage,
  assignOwner,
  captureLead,
  detectDormancy,
  leadToCustomerReactor,
  logInteraction,
  openOpportunity,
  opportunityActivityReactor,
  qualifyLead,
  recordPurchase,
  registerCustomer,
  tagLead,
  winOpportunity,
} from '../index';
import { CommandContext } from './command-context';
import { StreamAlreadyExistsError } from './command-errors';
import { CommandService } from './command-service';

const T0 = '2026-01-01T00:00:00.000Z';
/** The cases below send business times of 2026 with the clock (`now`) at T0: a year's tolerance lets them. */
const A_YEAR = 366 * 86_400;
const reactors = [leadToCustomerReactor, opportunityActivityReactor];
const ctx = (overrides: Partial<CommandContext> = {}): CommandContext => {
  const commandId = randomUUID();
  return { actor: 'svc', commandId, correlationId: randomUUID(), causationId: commandId, now: T0, ...overrides };
};
const contact = { name: 'Li Wei', company: 'Acme', email: 'li@acme.test' };

describe('CommandService on SQLite', () => {
  let store: EventStore;
  let service: CommandService;
  const db = () => openSqlite(':memory:');

  beforeEach(() => {
    store = new SqliteEventStore(db());
    service = new CommandService(store, { dormancyThresholdDays: 90, futureToleranceSeconds: A_YEAR, reactors });
  });
  afterEach(() => store.close());

  it('appends the decided events with full metadata and echoes generated ids', async () => {
    const input = captureLead.withIds({ source: 'web', contact }, () => 'generated-lead');
    const context = ctx({ actor: 'svc-a' });
    const result = await service.execute(captureLead, input, context);
    expect(result).toEqual(expect.objectContaining({ streamId: 'lead-generated-lead', version: 0, ids: { leadId: 'generated-lead' } }));
    const [stored] = await store.readStream('lead-generated-lead');
    expect(stored.metadata).toEqual(
      expect.objectContaining({
        actor: 'svc-a',
        commandType: 'CaptureLead',
        commandId: context.commandId,
        correlationId: context.correlationId,
        causationId: context.commandId,
        occurredAt: T0,
        schemaVersion: 1,
      }),
    );
  });

  it('refuses a business time past the default tolerance of 300 s, appending nothing, and accepts one within it', async () => {
    const strict = new CommandService(store, { dormancyThresholdDays: 90 });
    const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
    await expect(strict.execute(captureLead, { leadId: 'late', source: 'web', contact, capturedAt: at(301) }, ctx())).rejects.toMatchObject({ rule: 'business-time-in-future' });
    expect(await store.readStream('lead-late')).toEqual([]);
    await strict.execute(captureLead, { leadId: 'late', source: 'web', contact, capturedAt: at(300) }, ctx());
    expect(await store.readStream('lead-late')).toHaveLength(1);
  });

  it('registers the customer of a qualified lead inline, caused by the LeadQualified event', async () => {
    await service.execute(captureLead, { leadId: 'l1', source: 'referral', contact }, ctx());
    const context = ctx();
    const result = await service.execute(qualifyLead, { leadId: 'l1', customerId: 'c1', at: '2026-02-01T00:00:00.000Z' }, context);
    const [registered] = await store.readStream('customer-c1');
    expect(registered.type).toBe('CustomerRegistered');
    expect(registered.data).toEqual(expect.objectContaining({ customerId: 'c1', name: 'Li Wei', leadId: 'l1', source: 'referral' }));
    expect(registered.metadata).toEqual(
      expect.objectContaining({
        causationId: result.events[0].eventId,
        correlationId: context.correlationId,
        actor: 'system:lead-to-customer',
        occurredAt: '2026-02-01T00:00:00.000Z',
      }),
    );
  });

  it('records opportunity activity on the customer, including the dormancy it reveals', async () => {
    await service.execute(registerCustomer, { customerId: 'c1', name: 'Acme', registeredAt: T0 }, ctx());
    await service.execute(recordPurchase, { customerId: 'c1', orderId: 'o1', occurredAt: T0, lines: [{ productId: 'p', quantity: 1, unitPrice: 10 }] }, ctx());
    await service.execute(openOpportunity, { opportunityId: 'op1', customerId: 'c1', title: 'Upgrade', openedAt: addDays(T0, 120) }, ctx());
    await service.execute(advanceStage, { opportunityId: 'op1', toStage: 'proposal', at: addDays(T0, 130) }, ctx());
    await service.execute(winOpportunity, { opportunityId: 'op1', value: 500, at: addDays(T0, 140) }, ctx());
    const types = (await store.readStream('customer-c1')).map((e) => e.type);
    expect(types).toEqual([
      'CustomerRegistered',
      'PurchaseRecorded',
      'CustomerWentDormant',
      'CustomerReawakened',
      'OpportunityActivityRecorded',
      'OpportunityActivityRecorded',
      'OpportunityActivityRecorded',
    ]);
  });

  it('refuses an opportunity for a customer that does not exist, with the one not-found error', async () => {
    const refusal = service.execute(openOpportunity, { opportunityId: 'op1', customerId: 'ghost', title: 't' }, ctx());
    await expect(refusal).rejects.toEqual(new AggregateNotFound('customer', 'ghost'));
    await expect(refusal).rejects.toBeInstanceOf(AggregateNotFound);
    expect(await store.readStream('opportunity-op1')).toEqual([]);
  });

  it('refuses a command for a missing target with not-found and a rule break with the rule', async () => {
    await expect(service.execute(logInteraction, { customerId: 'nobody', interactionId: 'i', channel: 'call', direction: 'inbound', kind: 'other', summary: 's' }, ctx())).rejects.toEqual(new AggregateNotFound('customer', 'nobody'));
    await service.execute(captureLead, { leadId: 'l1', source: 'web', contact }, ctx());
    await service.execute(qualifyLead, { leadId: 'l1', customerId: 'c1' }, ctx());
    await expect(service.execute(qualifyLead, { leadId: 'l1', customerId: 'c2' }, ctx())).rejects.toEqual(expect.objectContaining({ rule: 'lead-already-qualified' }));
  });

  it('raises the same not-found whether the service finds the stream missing or the decider does', async () => {
    // expected 'any': the service lets an empty stream through, and the customer decider refuses it.
    const anyStream = { ...logInteraction, expected: 'any' as const };
    const byDecider = service.execute(anyStream, { customerId: 'nobody', interactionId: 'i', channel: 'call', direction: 'inbound', kind: 'other', summary: 's' }, ctx());
    await expect(byDecider).rejects.toEqual(new AggregateNotFound('customer', 'nobody'));
  });

  it('refuses to fold a stream that holds another aggregate\'s event, deciding nothing', async () => {
    await store.appendToStream('customer-c9', [{ eventId: randomUUID(), type: 'LeadCaptured', data: { leadId: 'l9', source: 'web', contact, tags: [], capturedAt: T0 }, metadata: { occurredAt: T0, actor: 'x', commandType: 'CaptureLead', commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1 } }], { expectedRevision: 'no-stream' });
    await expect(service.execute(assignOwner, { customerId: 'c9', ownerId: 'o' }, ctx())).rejects.toThrow('stream customer-c9 holds a LeadCaptured event, which is not a customer event');
    expect(await store.readStream('customer-c9')).toHaveLength(1);
  });

  it('refuses to create a stream that exists, saying that it exists', async () => {
    await service.execute(registerCustomer, { customerId: 'c1', name: 'A' }, ctx());
    await expect(service.execute(registerCustomer, { customerId: 'c1', name: 'B' }, ctx())).rejects.toEqual(
      expect.objectContaining({ name: 'StreamAlreadyExistsError', message: "customer 'c1' already exists", actual: 0 }),
    );
  });

  it('checks If-Match against the current version', async () => {
    await service.execute(registerCustomer, { customerId: 'c1', name: 'A' }, ctx());
    const log = (expectedVersion?: number) =>
      service.execute(logInteraction, { customerId: 'c1', interactionId: randomUUID(), channel: 'call', direction: 'inbound', kind: 'other', summary: 's' }, ctx({ expectedVersion }));
    await expect(log(3)).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect((await log(0)).version).toBe(1);
  });

  it('re-decides on fresh state when commands without If-Match race, losing none', async () => {
    await service.execute(registerCustomer, { customerId: 'c1', name: 'A' }, ctx());
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        service.execute(logInteraction, { customerId: 'c1', interactionId: `i${i}`, channel: 'call', direction: 'inbound', kind: 'other', summary: 's' }, ctx()),
      ),
    );
    expect(await store.readStream('customer-c1')).toHaveLength(21);
  });

  it('queues commands to one stream inside one process, so they never clash with each other', async () => {
    await service.execute(registerCustomer, { customerId: 'c1', name: 'A' }, ctx());
    let clashes = 0;
    const counting: EventStore = Object.create(store);
    counting.appendToStream = (...args) =>
      store.appendToStream(...args).catch((error: unknown) => {
        if (error instanceof WrongExpectedVersionError) clashes += 1;
        throw error;
      });
    const queued = new CommandService(counting, { dormancyThresholdDays: 90, futureToleranceSeconds: A_YEAR });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        queued.execute(logInteraction, { customerId: 'c1', interactionId: `q${i}`, channel: 'call', direction: 'inbound', kind: 'other', summary: 's' }, ctx()),
      ),
    );
    expect(clashes).toBe(0);
    expect(await store.readStream('customer-c1')).toHaveLength(51);
  });

  test.each([
    // cachedStreams, trustCachedFolds, the reads of c1 by the third command: a kept fold is decided
    // on unread, or read from past its version when not trusted; an evicted one is read whole
    [2, true, []],
    [2, false, [1]],
    [1, true, [0]],
    [0, true, [0]],
  ])('keeps %i folded streams in memory (trusted: %s): the third command reads c1 from the versions %j', async (cachedStreams, trustCachedFolds, fromVersions) => {
    const reads: number[] = [];
    const watched: EventStore = Object.create(store);
    watched.readStream = (streamId, options) => {
      if (streamId === 'customer-c1') reads.push(options?.fromVersion ?? 0);
      return store.readStream(streamId, options);
    };
    const sized = new CommandService(watched, { dormancyThresholdDays: 90, futureToleranceSeconds: A_YEAR, cachedStreams, trustCachedFolds });
    await sized.execute(registerCustomer, { customerId: 'c1', name: 'A' }, ctx());
    await sized.execute(registerCustomer, { customerId: 'c2', name: 'B' }, ctx());
    reads.length = 0;
    await sized.execute(logInteraction, { customerId: 'c1', interactionId: 'i1', channel: 'call', direction: 'inbound', kind: 'other', summary: 's' }, ctx());
    expect(reads).toEqual(fromVersions);
  });

  it('answers a command that changes nothing with the current version and no events', async () => {
    await service.execute(captureLead, { leadId: 'l1', source: 'web', contact, tags: ['a'] }, ctx());
    const result = await service.execute(tagLead, { leadId: 'l1', tags: ['a'] }, ctx());
    expect(result).toEqual(expect.objectContaining({ version: 0, events: [] }));
  });

  it('sweeps dormancy over all customers once: running it twice appends nothing new', async () => {
    for (const id of ['a', 'b', 'c']) await service.execute(registerCustomer, { customerId: id, name: id, registeredAt: T0 }, ctx());
    for (const id of ['a', 'b']) {
      await service.execute(recordPurchase, { customerId: id, orderId: 'o', occurredAt: T0, lines: [{ productId: 'p', quantity: 1, unitPrice: 1 }] }, ctx());
    }
    await service.execute(recordPurchase, { customerId: 'b', orderId: 'o2', occurredAt: addDays(T0, 100), lines: [{ productId: 'p', quantity: 1, unitPrice: 1 }] }, ctx());
    const request = { asOf: addDays(T0, 120), thresholdDays: 90 };
    const first = await detectDormancy(store, service, request, ctx());
    expect(first.customersChecked).toBe(3);
    expect(first.streams.map((s) => [s.streamId, s.events.map((e) => e.type)])).toEqual([['customer-a', ['CustomerWentDormant']]]);
    const [, , dormant] = await store.readStream('customer-a');
    expect(dormant.data).toEqual({ customerId: 'a', since: addDays(T0, 90), lastActivityAt: T0 });
    const second = await detectDormancy(store, service, request, ctx());
    expect(second.streams).toEqual([]);
  });
});

/** Two services on one store stand for two processes: each one's cache misses what the other writes. */
describe('CommandService when another process writes to the same streams', () => {
  let store: EventStore;
  let here: CommandService;
  let elsewhere: CommandService;
  beforeEach(() => {
    store = new SqliteEventStore(openSqlite(':memory:'));
    here = new CommandService(store, { dormancyThresholdDays: 90, futureToleranceSeconds: A_YEAR });
    elsewhere = new CommandService(store, { dormancyThresholdDays: 90, futureToleranceSeconds: A_YEAR });
  });
  afterEach(() => store.close());
  const interaction = (id: string) => ({ customerId: 'c1', interactionId: id, channel: 'call', direction: 'inbound', kind: 'other', summary: 's' }) as const;

  it('appends after the other process\'s events, not over them, when its cached fold is behind', async () => {
    await here.execute(registerCustomer, { customerId: 'c1', name: 'A' }, ctx());
    await elsewhere.execute(logInteraction, interaction('i-elsewhere'), ctx());
    const result = await here.execute(logInteraction, interaction('i-here'), ctx());
    expect(result.version).toBe(2);
    expect((await store.readStream('customer-c1')).map((event) => event.type)).toEqual(['CustomerRegistered', 'InteractionLogged', 'InteractionLogged']);
  });

  test.each([
    // If-Match sent, what it meets after the other process's write took c1 to version 1
    [1, 'accepted at version 2'],
    [0, 'refused: c1 is at 1'],
  ])('checks If-Match %i against the stream, not against a cached fold that is behind: %s', async (ifMatch, outcome) => {
    await here.execute(registerCustomer, { customerId: 'c1', name: 'A' }, ctx());
    await elsewhere.execute(logInteraction, interaction('i-elsewhere'), ctx());
    const sent = here.execute(logInteraction, interaction('i-here'), ctx({ expectedVersion: ifMatch }));
    if (outcome.startsWith('accepted')) expect((await sent).version).toBe(2);
    else await expect(sent).rejects.toEqual(expect.objectContaining({ expected: 0, actual: 1 }));
  });

  it('finds a customer the other process registered after its cache saw none', async () => {
    await expect(here.execute(logInteraction, interaction('i0'), ctx())).rejects.toBeInstanceOf(AggregateNotFound);
    await elsewhere.execute(registerCustomer, { customerId: 'c1', name: 'A' }, ctx());
    expect((await here.execute(logInteraction, interaction('i1'), ctx())).version).toBe(1);
  });

  it('refuses to register a customer the other process registered after its cache saw none', async () => {
    await expect(here.execute(logInteraction, interaction('i0'), ctx())).rejects.toBeInstanceOf(AggregateNotFound);
    await elsewhere.execute(registerCustomer, { customerId: 'c1', name: 'A' }, ctx());
    await expect(here.execute(registerCustomer, { customerId: 'c1', name: 'B' }, ctx())).rejects.toBeInstanceOf(StreamAlreadyExistsError);
  });

  it('does not answer "nothing to change" from a cached fold that is behind', async () => {
    await here.execute(registerCustomer, { customerId: 'c1', name: 'A' }, ctx());
    await here.execute(assignOwner, { customerId: 'c1', ownerId: 'ana' }, ctx());
    await elsewhere.execute(assignOwner, { customerId: 'c1', ownerId: 'ben' }, ctx());
    const result = await here.execute(assignOwner, { customerId: 'c1', ownerId: 'ana' }, ctx());
    expect(result).toEqual(expect.objectContaining({ version: 3, events: [expect.objectContaining({ type: 'OwnerAssigned' })] }));
  });

  it('refuses what the stream as it is refuses, though its cached fold would allow it', async () => {
    await here.execute(registerCustomer, { customerId: 'c1', name: 'A' }, ctx());
    await here.execute(openOpportunity, { opportunityId: 'o1', customerId: 'c1', title: 'Deal' }, ctx());
    await elsewhere.execute(winOpportunity, { opportunityId: 'o1', value: 100 }, ctx());
    const move = here.execute(advanceStage, { opportunityId: 'o1', toStage: 'proposal' }, ctx());
    await expect(move).rejects.toEqual(expect.objectContaining({ rule: 'opportunity-closed' }));
    expect(await store.readStream('opportunity-o1')).toHaveLength(2);
  });
});
