import { EventData } from '@crm/event-store';
import { AnyCommandSpec } from '../command-handling/command-spec';

/** The parts of an event a reactor reads: what the command handler has at hand and what the log stores. */
export interface ReactorEvent {
  eventId: string;
  type: string;
  data: EventData;
  metadata: { correlationId: string; schemaVersion?: number };
}

export interface Reaction {
  spec: AnyCommandSpec;
  input: unknown;
}

/**
 * A cross-stream effect: event in, command out. Reactions must be idempotent (the deciders
 * make them so), because a reaction runs inline after the append and again, as a safety net,
 * from the checkpointed subscription.
 */
export interface Reactor {
  name: string;
  eventTypes: readonly string[];
  react(event: ReactorEvent): Reaction[];
}
