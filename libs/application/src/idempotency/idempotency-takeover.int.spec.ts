import { RuleViolation } from '@crm/domain';
import { EventStore, SqliteEventStore, openSqlite } from '@crm/event-store';
import { SqliteIdempotencyStore } from '@crm/read-store';
import { CommandService } from '../command-handling/command-service';
import { recordPayment, recordPurchase, registerCustomer } from '../index';
import { CommandExecutor, IdempotentCommandService } from './idempotent-command-service';

const ctx = () => ({ actor: 'svc', correlationId: `corr-${Math.random()}`, now: new Date().toISOString() });

/** Found in review: each retry took the claim over under its own command id, so the next retry lost the first run's. */
describe('an Idempotency-Key taken over twice', () => {
  it('still finds the first run\'s events after a retry whose recovery failed: one request, one payment', async () => {
    let clock = Date.now();
    const db = openSqlite(':memory:');
    const store = new SqliteEventStore(db);
    const keys = new SqliteIdempotencyStore(db, () => clock);
    const commands = new CommandService(store, { dormancyThresholdDays: 90 });
    const direct = { actor: 'svc', commandId: 'x', correlationId: 'x', causationId: 'x', now: new Date().toISOString() };
    await commands.execute(registerCustomer, { customerId: 'c1', name: 'Acme' }, direct);
    await commands.execute(recordPurchase, { customerId: 'c1', orderId: 'o1', lines: [{ productId: 'p', quantity: 1, unitPrice: 100 }] }, direct);

    let hang: ((error: Error) => void) | undefined;
    let calls = 0;
    const executor: CommandExecutor = {
      async execute(spec, input, context) {
        calls += 1;
        const result = await commands.execute(spec, input, context);
        // The first request appends, then its process dies (it never answers nor renews).
        if (calls === 1) await new Promise((_, reject) => (hang = reject));
        return result;
      },
      reactTo: (events) => commands.reactTo(events),
    };
    let readsFail = false;
    const flaky = Object.create(store) as EventStore;
    flaky.readStream = async (...args) => {
      if (readsFail) throw Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' });
      return store.readStream(...args);
    };
    const service = new IdempotentCommandService(executor, flaky, keys, {
      staleAfterMs: 60_000,
      waitForFirstMs: 10,
      replayableFailure: (error) => (error instanceof RuleViolation ? { status: 422, body: '{}' } : undefined),
    });
    const body = { customerId: 'c1', orderId: 'o1', amount: 10 };
    const key = { principal: 'svc', key: 'pay-1', command: 'RecordPayment', body };

    const first = service.execute(recordPayment, body, ctx(), key);
    await new Promise((resolve) => setTimeout(resolve, 50));
    clock += 61_000;
    // Retry B: takes the stale claim over, but its recovery meets a busy store.
    readsFail = true;
    await expect(service.execute(recordPayment, body, ctx(), key)).rejects.toThrow(/locked/);
    readsFail = false;
    clock += 61_000;
    // Retry C: B appended nothing, but the key names the command id A ran under: C recovers A's payment.
    const retried = await service.execute(recordPayment, body, ctx(), key);
    expect(retried.replayed).toBe(true);
    hang?.(new Error('process died'));
    await first.catch(() => undefined);
    const payments = (await store.readStream('customer-c1')).filter((event) => event.type === 'PaymentRecorded');
    expect(payments).toHaveLength(1);
    expect(calls).toBe(1);
    store.close();
  });
});
