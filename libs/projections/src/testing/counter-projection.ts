import { NewEvent } from '@crm/event-store';
import { ReadOperation } from '@crm/read-store';
import { randomUUID } from 'node:crypto';
import { ProjectedEvent, Projection } from '../engine/projection';

/** One InteractionLogged of a customer, as the engine's tests append it. */
export const interaction = (customerId: string, n: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'InteractionLogged',
  data: { customerId, interactionId: `i${n}`, channel: 'call', direction: 'inbound', kind: 'other', summary: 's', occurredAt: '2026-01-01T00:00:00.000Z' },
  metadata: { occurredAt: '2026-01-01T00:00:00.000Z', actor: 't', commandType: 'LogInteraction', commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1 },
});

/** Counts interactions per customer with increments: applying an event twice would show. */
export const counter = (overrides: Partial<Projection> = {}): Projection => ({
  name: 'counter',
  version: 1,
  eventTypes: ['InteractionLogged'],
  collections: [{ name: 'counts' }],
  handle: (event: ProjectedEvent): ReadOperation[] => [
    { type: 'patch', collection: 'counts', id: (event.data as { customerId: string }).customerId, inc: { n: 1 }, upsert: true },
  ],
  ...overrides,
});
