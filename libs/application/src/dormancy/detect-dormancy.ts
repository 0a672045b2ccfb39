import { refuseFutureBusinessTime } from '@crm/domain';
import { EventStore, Position } from '@crm/event-store';
import { CommandContext } from '../command-handling/command-context';
import { CommandService } from '../command-handling/command-service';
import { markDormantIfInactive } from '../commands/customer.command-specs';

export interface DormancySweepResult {
  asOf: string;
  thresholdDays: number;
  customersChecked: number;
  streams: { streamId: string; version: number; position: Position | null; events: { eventId: string; type: string; version: number }[] }[];
}

const PAGE = 1000;

/** Every registered customer's id, in registration order. */
async function* registeredCustomers(store: EventStore): AsyncGenerator<string> {
  let after: Position | undefined;
  for (;;) {
    const page = await store.readAll({ after, limit: PAGE, eventTypes: ['CustomerRegistered'] });
    for (const event of page) yield (event.data as { customerId: string }).customerId;
    if (page.length < PAGE) return;
    after = page[page.length - 1].position;
  }
}

/**
 * DetectDormancy: marks every customer whose last activity is more than T days before asOf
 * as dormant. Each customer is its own append, so running it twice appends nothing new.
 */
export async function detectDormancy(
  store: EventStore,
  commands: CommandService,
  request: { asOf: string; thresholdDays: number },
  context: Omit<CommandContext, 'expectedVersion'>,
): Promise<DormancySweepResult> {
  // Refused before the sweep: dormancy dated in the future would mark customers active seconds ago.
  refuseFutureBusinessTime(request.asOf, context.now, commands.futureToleranceSeconds, 'asOf');
  const result: DormancySweepResult = { ...request, customersChecked: 0, streams: [] };
  for await (const customerId of registeredCustomers(store)) {
    result.customersChecked += 1;
    const outcome = await commands.execute(markDormantIfInactive, { customerId, ...request }, context);
    if (outcome.events.length === 0) continue;
    result.streams.push({
      streamId: outcome.streamId,
      version: outcome.version,
      position: outcome.position,
      events: outcome.events.map(({ eventId, type, version }) => ({ eventId, type, version })),
    });
  }
  return result;
}
