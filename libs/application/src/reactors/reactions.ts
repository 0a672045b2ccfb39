import { AggregateNotFound, RuleViolation } from '@crm/domain';
import { randomUUID } from 'node:crypto';
import { CommandService } from '../command-handling/command-service';
import { toDomainEvent } from '../command-handling/event-mapping';
import { Reactor, ReactorEvent } from './reactor';

/** Runs every reaction of every reactor to one event (as stored: it is upcast here first). */
export async function react(reactors: readonly Reactor[], event: ReactorEvent, commands: CommandService, now: () => Date): Promise<void> {
  const current = { ...event, data: toDomainEvent(event).data as ReactorEvent['data'] };
  for (const reactor of reactors) if (reactor.eventTypes.includes(event.type)) await reactWith(reactor, current, commands, now);
}

/** One reactor's reactions to an event already in its current shape, each as the reactor's own principal. */
export async function reactWith(reactor: Reactor, current: ReactorEvent, commands: CommandService, now: () => Date): Promise<void> {
  for (const reaction of reactor.react(current)) {
    await commands.execute(reaction.spec, reaction.input, {
      actor: `system:${reactor.name}`,
      commandId: randomUUID(),
      correlationId: current.metadata.correlationId,
      causationId: current.eventId,
      now: now().toISOString(),
    });
  }
}

/** A reaction a domain rule refused (or whose target is gone): trying it again would be refused again. */
export const isRefusedReaction = (error: unknown): boolean =>
  error instanceof RuleViolation || error instanceof AggregateNotFound;
