import { EventStore, NewEvent } from '@crm/event-store';
import { currentSchemaVersion } from '@crm/domain';

/**
 * A deterministic CRM history for benchmarks and fault tests: `customers` customer streams, each opened by
 * CustomerRegistered, then a realistic mix (interactions 60%, purchases 20%, payments 10%,
 * costs 10%) dealt round-robin so every stream keeps growing. Each event's data is about 200
 * bytes of JSON, and every event is one the projections really handle.
 */
export interface BenchEvent {
  streamId: string;
  /** 0-based version within its stream. */
  version: number;
  event: NewEvent;
}

const DAY0 = Date.UTC(2024, 0, 1);
const CHANNELS = ['email', 'call', 'meeting', 'chat'] as const;

export const customerId = (i: number) => `bench-c${String(i).padStart(6, '0')}`;

function data(type: string, customer: string, k: number, at: string): Record<string, unknown> {
  switch (type) {
    case 'CustomerRegistered':
      return { customerId: customer, name: `Customer ${customer}`, industry: 'retail', region: ['EMEA', 'APAC', 'AMER'][k % 3], customFields: {}, currency: 'EUR', registeredAt: at };
    case 'InteractionLogged':
      return { customerId: customer, interactionId: `i${k}`, channel: CHANNELS[k % 4], direction: k % 2 ? 'inbound' : 'outbound', kind: 'follow-up', summary: 'Discussed renewal terms and next steps', occurredAt: at };
    case 'PurchaseRecorded': {
      const unitPrice = 10 + (k % 90);
      return { customerId: customer, orderId: `o${k}`, occurredAt: at, lines: [{ productId: `p${k % 7}`, quantity: 2, unitPrice, amount: 2 * unitPrice, cost: unitPrice }], total: 2 * unitPrice, totalCost: unitPrice };
    }
    case 'PaymentRecorded':
      return { customerId: customer, orderId: `o${k - 1}`, amount: 20, occurredAt: at, outstandingAfter: 0 };
    default:
      return { customerId: customer, costId: `k${k}`, category: 'support', amount: 5, occurredAt: at, note: 'Support ticket handled' };
  }
}

const MIX = ['InteractionLogged', 'PurchaseRecorded', 'InteractionLogged', 'PaymentRecorded', 'InteractionLogged', 'CostRecorded', 'InteractionLogged', 'PurchaseRecorded', 'InteractionLogged', 'InteractionLogged'];

/** The k-th event of the history (k from 0): the same k always gives the same event. */
export function benchEvent(k: number, customers: number): BenchEvent {
  const c = k % customers;
  const version = Math.floor(k / customers);
  const type = version === 0 ? 'CustomerRegistered' : MIX[k % MIX.length];
  const at = new Date(DAY0 + Math.floor(k / 10) * 1_000).toISOString();
  const customer = customerId(c);
  return {
    streamId: `customer-${customer}`,
    version,
    event: {
      eventId: `00000000-0000-4000-8000-${k.toString(16).padStart(12, '0')}`,
      type,
      data: data(type, customer, k, at),
      metadata: { occurredAt: at, actor: 'bench', commandType: 'Bench', commandId: `cmd-${k}`, correlationId: `cmd-${k}`, causationId: `cmd-${k}`, schemaVersion: currentSchemaVersion(type) },
    },
  };
}

/**
 * Events `after` up to `events` (the first `events` by default) regrouped for batched appends: runs of up
 * to `perAppend` events of one stream, in stream order. A later range continues a log holding the earlier one.
 */
export function* streamBatches(events: number, customers: number, perAppend = 100, after = 0): Generator<BenchEvent[]> {
  const versions = Math.ceil(events / customers);
  for (let from = Math.floor(after / customers); from < versions; from += perAppend) {
    for (let c = 0; c < customers; c++) {
      const batch: BenchEvent[] = [];
      for (let v = from; v < Math.min(versions, from + perAppend); v++) {
        const k = v * customers + c;
        if (k >= after && k < events) batch.push(benchEvent(k, customers));
      }
      if (batch.length) yield batch;
    }
  }
}

/** Appends them through a store's port, `clients` appends in flight (group commit shares the commits). */
export async function appendHistory(store: EventStore, events: number, customers: number, clients = 16, after = 0): Promise<void> {
  const batches = streamBatches(events, customers, 100, after);
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let next = batches.next(); !next.done; next = batches.next()) {
        const first = next.value[0];
        await store.appendToStream(first.streamId, next.value.map((b) => b.event), { expectedRevision: first.version === 0 ? 'no-stream' : first.version - 1 });
      }
    }),
  );
}
