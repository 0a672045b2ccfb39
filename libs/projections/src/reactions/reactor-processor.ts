import { ALL_REACTORS, CommandService, Reactor, ReactorEvent, isRefusedReaction, react, reactWith } from '@crm/application';
import { personalDataRule } from '@crm/domain';
import { EventStore } from '@crm/event-store';
import { ProjectedEvent, Projection } from '../engine/projection';

export interface ReactorProcessorOptions {
  /** The log with personal data revealed: reactions carry a lead's contact on to its customer. */
  events: EventStore;
  commands: CommandService;
  /** Told of each reaction a domain rule refused (it is passed over, not retried). */
  onRefused?: (reactor: string, event: ProjectedEvent, error: unknown) => void;
  now?: () => Date;
}

/**
 * A reactor as a processor of the engine: the safety net behind the inline reactions of the
 * command service. It follows the log from its checkpoint under its lease like any projection, so
 * an event whose inline reaction was lost (a crash, a store error) still gets it, and only one
 * process runs it. Reactions are idempotent (the deciders make them so): the inline one and this
 * one, or this one again after a crash between a reaction and its checkpoint, have one effect.
 */
export function reactorProcessor(reactor: Reactor, options: ReactorProcessorOptions): Projection {
  const now = options.now ?? (() => new Date());
  return {
    name: reactor.name,
    kind: 'reactor',
    version: 1,
    eventTypes: reactor.eventTypes as Projection['eventTypes'],
    collections: [],
    async handle(event) {
      try {
        if (personalDataRule(event.type) === undefined) {
          // Nothing sealed in it: the event as the engine hands it (already upcast) is what the reaction needs.
          await reactWith(reactor, { ...event, data: event.data as ReactorEvent['data'] }, options.commands, now);
        } else {
          // The engine reads the log as stored (sealed); the reaction needs the event's plain values.
          const [revealed] = await options.events.readStream(event.streamId, { fromVersion: event.version, maxCount: 1 });
          if (revealed?.eventId !== event.eventId) throw new Error(`event ${event.eventId} is not at ${event.streamId}@${event.version}`);
          await react([reactor], revealed, options.commands, now);
        }
      } catch (error) {
        if (!isRefusedReaction(error)) throw error; // retried: the checkpoint does not pass it
        options.onRefused?.(reactor.name, event, error);
      }
      return [];
    },
  };
}

/** The processors of every reactor, for an engine that runs them beside the projections. */
export const reactorProcessors = (options: ReactorProcessorOptions): Projection[] => ALL_REACTORS.map((reactor) => reactorProcessor(reactor, options));
