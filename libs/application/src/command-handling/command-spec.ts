import { Decider, DecisionContext, DomainCommand, DomainEvent } from '@crm/domain';

export type AggregateName = 'lead' | 'customer' | 'opportunity';

export interface Aggregate<C extends DomainCommand, S, E extends DomainEvent> {
  name: AggregateName;
  decider: Decider<C, S, E>;
  streamId(id: string): string;
}

/** What the command expects of its target stream before it runs (Eventuous's new/existing/any). */
export type ExpectedStreamState = 'new' | 'existing' | 'any';

/** Another stream that must exist for the command to make sense, e.g. the customer of an opportunity. */
export interface Requirement {
  aggregate: AggregateName;
  id: string;
  streamId: string;
}

/**
 * How one command runs: which aggregate and stream it targets, what it expects of that
 * stream, and how its (already validated) input becomes the domain command.
 */
export interface CommandSpec<Input = unknown, C extends DomainCommand = DomainCommand, S = unknown, E extends DomainEvent = DomainEvent> {
  commandType: string;
  aggregate: Aggregate<C, S, E>;
  expected: ExpectedStreamState;
  targetId(input: Input): string;
  /** Fills ids the caller may omit (the server generates them) before anything else runs. */
  withIds?(input: Input, newId: () => string): Input;
  toCommand(input: Input, context: DecisionContext): C;
  /** Ids to echo back to the caller (`ids` in the response). */
  ids?(input: Input): Record<string, string>;
  requires?(input: Input): Requirement[];
}

/** Helper that keeps a spec's generic parameters inferred from its aggregate. */
export function defineCommand<Input, C extends DomainCommand, S, E extends DomainEvent>(
  spec: CommandSpec<Input, C, S, E>,
): CommandSpec<Input, C, S, E> {
  return spec;
}

export type AnyCommandSpec = CommandSpec<any, DomainCommand, any, DomainEvent>; // eslint-disable-line @typescript-eslint/no-explicit-any
