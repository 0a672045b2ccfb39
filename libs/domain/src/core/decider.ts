/**
 * The shape every aggregate follows: pure functions, no I/O, no clock.
 * Time and configuration arrive with the command in `metadata`.
 */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** Facts from outside the domain that a decision may depend on. */
export interface DecisionContext {
  /** Business "now" as an ISO-8601 string, used when a command gives no time. */
  readonly now: string;
  /** Days without activity after which a customer who has bought counts as dormant. */
  readonly dormancyThresholdDays: number;
}

export interface DomainCommand<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: DecisionContext;
}

export interface Decider<Command, State, Event> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

export function fold<State, Event>(decider: Pick<Decider<unknown, State, Event>, 'evolve' | 'initialState'>, events: readonly Event[]): State {
  return events.reduce(decider.evolve, decider.initialState());
}
