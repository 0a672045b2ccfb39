import { randomUUID } from 'node:crypto';
import { CommandService } from '../command-handling/command-service';
import { toDomainEvent } from '../command-handling/event-mapping';
import { Reactor, ReactorEvent } from './reactor';

/** Runs every reaction of every reactor to one event, as the reactor's own principal. */
export async function react(
  reactors: readonly Reactor[],
  event: ReactorEvent,
  commands: CommandService,
  now: () => Date,
): Promise<void> {
  const current = { ...event, data: toDomainEvent(event).data as ReactorEvent['data'] };
  for (const reactor of reactors) {
    if (!reactor.eventTypes.includes(event.type)) continue;
    for (const reaction of reactor.react(current)) {
      await commands.execute(reaction.spec, reaction.input, {
        actor: `system:${reactor.name}`,
        commandId: randomUUID(),
        correlationId: event.metadata.correlationId,
        causationId: event.eventId,
        now: now().toISOString(),
      });
    }
  }
}
