import { CrmEvent, CustomerState, DomainCommand, fold, fromMinor } from '@crm/domain';
import { EventStore, Position, RecordedEvent, comparePositions } from '@crm/event-store';
import { Aggregate, AggregateName } from '../command-handling/command-spec';
import { toAggregateEvent } from '../command-handling/event-mapping';
import { customerAggregate, leadAggregate, opportunityAggregate } from '../commands/aggregates';

/** As of a business time (events that happened by then) or a global position (events recorded by then). */
export type AsOf = { time: string } | { position: Position };

export interface StateAsOf {
  streamId: string;
  /** Version of the last event folded in. */
  version: number;
  position: Position;
  state: unknown;
}

export const AGGREGATES = { customer: customerAggregate, lead: leadAggregate, opportunity: opportunityAggregate } as const;

/**
 * A customer's state as readers see it: the decider also keeps what only its rules need (the ids
 * of every interaction, cost and opportunity event seen, to refuse duplicates; balances in
 * ten-thousandths), which would grow with the history and mean nothing to a reader.
 */
function customerStateAnswer(state: CustomerState): unknown {
  if (state.status !== 'registered') return state;
  const { orders, interactionIds, costIds, recordedOpportunityEvents: _seen, hasBoughtOrWon: _canGoDormant, ...rest } = state;
  const balances = [...orders.values()];
  const revenueMinor = balances.reduce((total, order) => total + order.totalMinor, 0);
  const paidMinor = balances.reduce((total, order) => total + order.paidMinor, 0);
  return {
    ...rest,
    orders: orders.size,
    revenue: fromMinor(revenueMinor),
    paid: fromMinor(paidMinor),
    outstanding: fromMinor(revenueMinor - paidMinor),
    interactions: interactionIds.size,
    costs: costIds.size,
  };
}

/** What time travel answers for a folded state, per aggregate. */
export function stateAnswer(aggregate: AggregateName, state: unknown): unknown {
  return stateToJson(aggregate === 'customer' ? customerStateAnswer(state as CustomerState) : state);
}

/** Decider states hold Sets and Maps; as JSON they become arrays and objects. */
export function stateToJson(value: unknown): unknown {
  if (value instanceof Set) return [...value].map(stateToJson);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, stateToJson(v)]));
  if (Array.isArray(value)) return value.map(stateToJson);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stateToJson(v)]));
  return value;
}

const included = (asOf: AsOf) => (event: RecordedEvent) =>
  'time' in asOf ? Date.parse(event.metadata.occurredAt) <= Date.parse(asOf.time) : comparePositions(event.position, asOf.position) <= 0;

/**
 * Time travel: the aggregate's state folded by its own decider from the events up to `asOf`;
 * undefined when it did not exist yet.
 */
export async function stateAsOf<C extends DomainCommand, S, E extends CrmEvent>(
  store: EventStore,
  aggregate: Aggregate<C, S, E>,
  id: string,
  asOf: AsOf,
): Promise<StateAsOf | undefined> {
  const streamId = aggregate.streamId(id);
  const events = (await store.readStream(streamId)).filter(included(asOf));
  const last = events[events.length - 1];
  if (!last) return undefined;
  const state = fold(aggregate.decider, events.map((event) => toAggregateEvent(aggregate, event)));
  return { streamId, version: last.version, position: last.position, state: stateAnswer(aggregate.name, state) };
}
