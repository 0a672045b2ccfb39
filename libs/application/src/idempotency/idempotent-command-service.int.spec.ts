import { RuleViolation } from '@crm/domain';
import { SqliteEventStore, openSqlite } from '@crm/event-store';
import { SqliteIdempotencyStore } from '@crm/read-store';
import { CommandService } from '../command-handling/command-service';
import { ALL_REACTORS, captureLead, qualifyLead, recordPurchase, registerCustomer } from '../index';
import { IdempotencyKeyInProgressError, IdempotencyKeyReusedError, IdempotentCommandService, ReplayedRefusal } from './idempotent-command-service';

const context = () => ({ actor: 'svc', correlationId: `corr-${Math.random()}`, now: new Date().toISOString() });
const key = (body: unknown, name = 'k1') => ({ principal: 'svc', key: name, command: 'RecordPurchase', body });
const purchase = { customerId: 'c1', orderId: 'o1', lines: [{ productId: 'p', quantity: 1, unitPrice: 5 }] };

describe('IdempotentCommandService', () => {
  let clock = 0;
  let store: SqliteEventStore;
  let keys: SqliteIdempotencyStore;
  let commands: CommandService;
  let service: IdempotentCommandService;

  beforeEach(async () => {
    clock = Date.now();
    const db = openSqlite(':memory:');
    store = new SqliteEventStore(db);
    keys = new SqliteIdempotencyStore(db, () => clock);
    commands = new CommandService(store, { dormancyThresholdDays: 90 });
    service = new IdempotentCommandService(commands, store, keys, {
      staleAfterMs: 1000,
      waitForFirstMs: 50,
      replayableFailure: (error) => (error instanceof RuleViolation ? { status: 422, body: JSON.stringify({ rule: error.rule }) } : undefined),
    });
    await commands.execute(registerCustomer, { customerId: 'c1', name: 'Acme' }, { actor: 'svc', commandId: 'r', correlationId: 'r', causationId: 'r', now: new Date().toISOString() });
  });
  afterEach(() => store.close());

  it('runs a command once per key: the same key and body replay the first receipt and append nothing', async () => {
    const first = await service.execute(recordPurchase, purchase, context(), key(purchase));
    const again = await service.execute(recordPurchase, purchase, context(), key(purchase));
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ value: first.value, replayed: true });
    expect(first.value).toEqual(expect.objectContaining({ streamId: 'customer-c1', version: 1, events: [expect.objectContaining({ type: 'PurchaseRecorded' })] }));
    expect(await store.readStream('customer-c1')).toHaveLength(2);
  });

  it('refuses the same key with another body, and replays a rule refusal as it was', async () => {
    await service.execute(recordPurchase, purchase, context(), key(purchase));
    await expect(service.execute(recordPurchase, { ...purchase, orderId: 'o2' }, context(), key({ ...purchase, orderId: 'o2' }))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    // The same order again under a new key is a rule refusal; its key then replays that refusal.
    await expect(service.execute(recordPurchase, purchase, context(), key(purchase, 'k2'))).rejects.toBeInstanceOf(RuleViolation);
    await expect(service.execute(recordPurchase, purchase, context(), key(purchase, 'k2'))).rejects.toEqual(new ReplayedRefusal(422, { rule: 'order-already-recorded' }));
  });

  it('makes a duplicate wait for a first request still running, and gives up with a clear error', async () => {
    await keys.claim('svc\u0000k-busy', 'fingerprint-of-nothing', 'cmd-running', 1000);
    const body = { ...purchase, orderId: 'o-busy' };
    await expect(service.execute(recordPurchase, body, context(), key(body, 'k-busy'))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    const running = service.run(key(body, 'k-run'), 'cmd-a', () => new Promise((resolve) => setTimeout(() => resolve({ done: true }), 200)));
    await expect(service.run(key(body, 'k-run'), 'cmd-b', async () => ({ done: false }))).rejects.toBeInstanceOf(IdempotencyKeyInProgressError);
    expect(await running).toEqual({ value: { done: true }, replayed: false });
  });

  it('keeps the claim of a first request that runs past the stale time, so its retry never runs it a second time', async () => {
    let runs = 0;
    const slow = service.run(key({ n: 1 }, 'k-slow'), 'cmd-slow', async () => {
      runs += 1;
      clock += 900; // most of the stale time passes while it runs…
      await new Promise((resolve) => setTimeout(resolve, 400)); // …the claim is renewed meanwhile (every stale time / 3)…
      clock += 900; // …and more: 1,800 ms since the claim was taken
      await new Promise((resolve) => setTimeout(resolve, 400)); // still running when the retry comes
      return { done: true };
    });
    await new Promise((resolve) => setTimeout(resolve, 450));
    await expect(service.run(key({ n: 1 }, 'k-slow'), 'cmd-retry', async () => ({ done: (runs += 1) > 0 }))).rejects.toBeInstanceOf(IdempotencyKeyInProgressError);
    expect(await slow).toEqual({ value: { done: true }, replayed: false });
    expect(runs).toBe(1);
  });

  it('recovers the receipt of a request that died after appending, from the log, once its claim is stale', async () => {
    const lost = { ...purchase, orderId: 'o-lost' };
    const complete = keys.complete.bind(keys);
    keys.complete = async () => {
      keys.complete = complete;
      throw new Error('the process died before recording the outcome');
    };
    await expect(service.execute(recordPurchase, lost, context(), key(lost, 'k-lost'))).rejects.toThrow('died');
    clock += 1001;
    const retry = await service.execute(recordPurchase, lost, context(), key(lost, 'k-lost'));
    expect(retry.replayed).toBe(true);
    expect(retry.value).toEqual(expect.objectContaining({ streamId: 'customer-c1', version: 1 }));
    expect(await store.readStream('customer-c1')).toHaveLength(2);
  });

  it('runs the inline reactions of a recovered request that died before reacting: the qualified lead has its customer when the retry answers', async () => {
    const contact = { name: 'Li Wei', company: 'Acme' };
    await commands.execute(captureLead, { leadId: 'l9', source: 'web', contact }, { actor: 'svc', commandId: 'c', correlationId: 'c', causationId: 'c', now: new Date().toISOString() });
    const complete = keys.complete.bind(keys);
    keys.complete = async () => {
      keys.complete = complete;
      throw new Error('the process died after appending, before its reactions and its outcome');
    };
    const body = { leadId: 'l9', customerId: 'c9' };
    await expect(service.execute(qualifyLead, body, context(), { principal: 'svc', key: 'k-q', command: 'QualifyLead', body })).rejects.toThrow('died');
    expect(await store.readStream('customer-c9')).toEqual([]); // `commands` here has no reactors: as if it died before them
    clock += 1001;
    const reacting = new CommandService(store, { dormancyThresholdDays: 90, reactors: ALL_REACTORS });
    const retried = new IdempotentCommandService(reacting, store, keys, { staleAfterMs: 1000, replayableFailure: () => undefined });
    const retry = await retried.execute(qualifyLead, body, context(), { principal: 'svc', key: 'k-q', command: 'QualifyLead', body });
    expect(retry.replayed).toBe(true);
    expect((await store.readStream('customer-c9')).map((event) => event.type)).toEqual(['CustomerRegistered']);
    expect((await store.readStream('lead-l9')).map((event) => event.type)).toEqual(['LeadCaptured', 'LeadQualified']);
  });

  it('derives generated ids from the key, so a re-run after a crash targets the same stream', async () => {
    const body = { source: 'web', contact: { name: 'N' } };
    const leadKey = { principal: 'svc', key: 'lead-key', command: 'CaptureLead', body };
    const first = await service.execute(captureLead, body, context(), leadKey);
    const other = new IdempotentCommandService(commands, store, new SqliteIdempotencyStore(openSqlite(':memory:')), { staleAfterMs: 1000, replayableFailure: () => undefined });
    await expect(other.execute(captureLead, body, context(), leadKey)).rejects.toThrow(`lead '${first.value.ids.leadId}' already exists`);
  });
});
