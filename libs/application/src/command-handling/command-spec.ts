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
export interface CommandSpec<Input = Record<string, unknown>> {
  /** Recorded as `commandType` in every event's metadata. */
  commandType: string;
  aggregate: Aggregate<DomainCommand, unknown, DomainEvent>;
  expected: ExpectedStreamState;
  targetId(input: Input): string;
  /** Fills the ids the caller may omit (the server generates them) before anything else runs. */
  withIds?(input: Input, newId: () => string): Input;
  toCommand(input: Input, context: DecisionContext): DomainCommand;
  /** Ids to echo back to the caller (`ids` in the response). */
  ids(input: Input): Record<string, string>;
  requires?(input: Input): Requirement[];
}

export type AnyCommandSpec = CommandSpec<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

type IdField<C extends DomainCommand> = { [K in keyof C['data']]-?: C['data'][K] extends string | undefined ? K : never }[keyof C['data']] & string;

export interface CommandDefinition<C extends DomainCommand> {
  type: C['type'];
  /** Defaults to `type`; differs only where one request fans out into per-stream commands. */
  commandType?: string;
  aggregate: Aggregate<DomainCommand, unknown, DomainEvent>;
  expected: ExpectedStreamState;
  /** The field holding the target aggregate's id. */
  target: IdField<C>;
  /** Id fields the server generates when the caller omits them. */
  generated?: IdField<C>[];
  /** Further id fields to echo back besides the target and the generated ones. */
  echo?: IdField<C>[];
  requires?(input: C['data']): Requirement[];
}

/** Declares a command: its input is the domain command's data; everything else follows from the definition. */
export function defineCommand<C extends DomainCommand>(definition: CommandDefinition<C>): CommandSpec<C['data']> {
  const { type, aggregate, expected, target, generated = [], echo = [], requires } = definition;
  const echoed = [...new Set([target, ...generated, ...echo])];
  const field = (input: C['data'], name: string) => (input as Record<string, string>)[name];
  return {
    commandType: definition.commandType ?? type,
    aggregate,
    expected,
    targetId: (input) => field(input, target),
    withIds:
      generated.length === 0
        ? undefined
        : (input, newId) => ({ ...(input as object), ...Object.fromEntries(generated.map((name) => [name, field(input, name) || newId()])) }) as C['data'],
    toCommand: (data, metadata) => ({ type, data, metadata }),
    ids: (input) => Object.fromEntries(echoed.map((name) => [name, field(input, name)])),
    requires,
  };
}
