import { AggregateName, CrmEvent, Decider, DecisionContext, DomainCommand } from '@crm/domain';

export type { AggregateName } from '@crm/domain';

/** One kind of stream: its decider, how its stream ids are formed, and which events its streams hold. */
export interface Aggregate<C extends DomainCommand, S, E extends CrmEvent> {
  name: AggregateName;
  decider: Decider<C, S, E>;
  streamId(id: string): string;
  /** Whether an event read from the log is one of this aggregate's: a stream is folded by its own decider only. */
  holds(event: CrmEvent): event is E;
}

/** Some aggregate, for a choice among them (time travel by name): what its states and events are is not known to the chooser. */
export type AnyAggregate = Aggregate<DomainCommand, unknown, CrmEvent>;

/** What the command expects of its target stream before it runs (Eventuous's new/existing/any). */
export type ExpectedStreamState = 'new' | 'existing' | 'any';

/** Another stream that must exist for the command to make sense, e.g. the customer of an opportunity. */
export interface Requirement {
  aggregate: AggregateName;
  id: string;
  streamId: string;
}

/**
 * How one command runs: which aggregate and stream it targets, what it expects of that stream,
 * and how a caller's request becomes the domain command. Typed by the domain command `C` (its
 * input is `C['data']`), its aggregate's state `S` and events `E`, and the request a caller sends
 * (`C['data']` with the ids the server generates optional).
 */
export interface CommandSpec<C extends DomainCommand, S, E extends CrmEvent, Request = C['data']> {
  /** The command's name: its route, its metrics label, its key in the registry. */
  type: C['type'];
  /** Recorded as `commandType` in every event's metadata. */
  commandType: string;
  aggregate: Aggregate<C, S, E>;
  expected: ExpectedStreamState;
  /** The request with the ids the caller may omit filled in, before anything else runs. */
  withIds(request: Request, newId: () => string): C['data'];
  targetId(input: C['data']): string;
  toCommand(input: C['data'], context: DecisionContext): C;
  /** Ids to echo back to the caller (`ids` in the response). */
  ids(input: C['data']): Record<string, string>;
  requires?(input: C['data']): Requirement[];
  /**
   * The decision compares or copies personal fields of the state (a profile's name, a lead's
   * contact): it decides on the stream folded with those fields revealed. Every other command
   * decides on the state as stored, its personal fields sealed (see CommandServiceOptions.sealedLog).
   */
  readsPersonalData?: boolean;
}

/**
 * Some command's spec, for a list of different commands (the registry). Whoever holds one knows
 * neither its command nor its request, so only input it got as `unknown` can go with it.
 */
export type AnyCommandSpec = CommandSpec<DomainCommand, unknown, CrmEvent, unknown>;

/** The request a spec takes. */
export type RequestOf<Spec> = Spec extends CommandSpec<infer _C, infer _S, infer _E, infer R> ? R : never;

type Fields = Record<string, unknown>;
type CommandOf<C extends DomainCommand, T extends C['type']> = Extract<C, { type: T }>;
type DataOf<C extends DomainCommand, T extends C['type']> = CommandOf<C, T>['data'];
type IdField<D> = { [K in keyof D]-?: D[K] extends string | undefined ? K : never }[keyof D] & string;

/** The command's data with the generated id fields `G` optional. */
export type CommandRequest<D, G extends keyof D> = [G] extends [never] ? D : Omit<D, G> & Partial<Pick<D, G>>;

/** A command, declared by its name in the aggregate's command union `C`. */
export interface CommandDefinition<C extends DomainCommand, S, E extends CrmEvent, T extends C['type'], G extends IdField<DataOf<C, T>>> {
  type: T;
  /** Defaults to `type`; differs only where one request fans out into per-stream commands. */
  commandType?: string;
  aggregate: Aggregate<C, S, E>;
  expected: ExpectedStreamState;
  /** The field holding the target aggregate's id. */
  target: IdField<DataOf<C, T>>;
  /** Id fields the server generates when the caller omits them. */
  generated?: readonly G[];
  /** Further id fields to echo back besides the target and the generated ones. */
  echo?: readonly IdField<DataOf<C, T>>[];
  requires?(input: DataOf<C, T>): Requirement[];
  readsPersonalData?: boolean;
}

interface FieldsDefinition {
  type: string;
  commandType?: string;
  aggregate: Aggregate<DomainCommand<string, Fields>, unknown, CrmEvent>;
  expected: ExpectedStreamState;
  target: string;
  generated?: readonly string[];
  echo?: readonly string[];
  requires?(input: Fields): Requirement[];
  readsPersonalData?: boolean;
}

/**
 * Declares a command by its name in its aggregate's command union: its input is that command's
 * data; everything else follows from the definition. The body works on plain records; the
 * signature states what TypeScript cannot see in it, that `{ type, data }` is the union member
 * named `type`.
 */
export function defineCommand<C extends DomainCommand, S, E extends CrmEvent, T extends C['type'], G extends IdField<DataOf<C, T>> = never>(
  definition: CommandDefinition<C, S, E, T, G>,
): CommandSpec<CommandOf<C, T>, S, E, CommandRequest<DataOf<C, T>, G>>;
export function defineCommand(definition: FieldsDefinition): CommandSpec<DomainCommand<string, Fields>, unknown, CrmEvent, Fields> {
  const { type, aggregate, expected, target, generated = [], echo = [], requires, readsPersonalData } = definition;
  const echoed = [...new Set([target, ...generated, ...echo])];
  const text = (input: Fields, name: string): string | undefined => {
    const value = input[name];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    type,
    commandType: definition.commandType ?? type,
    aggregate,
    expected,
    withIds: (request, newId) =>
      generated.length === 0 ? request : { ...request, ...Object.fromEntries(generated.map((name): [string, string] => [name, text(request, name) || newId()])) },
    targetId: (input) => text(input, target) ?? '',
    toCommand: (data, metadata) => ({ type, data, metadata }),
    ids: (input) => {
      const ids: Record<string, string> = {};
      for (const name of echoed) {
        const value = text(input, name);
        if (value !== undefined) ids[name] = value;
      }
      return ids;
    },
    requires,
    readsPersonalData,
  };
}
