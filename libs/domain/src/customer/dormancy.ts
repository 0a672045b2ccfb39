import { addDays, isBefore, isMoreThanDaysAfter } from '../core/business-time';
import { CustomerEvent, CustomerReawakened, CustomerWentDormant } from './customer.events';
import { RegisteredCustomer } from './customer.state';

/**
 * The dormancy rules of the contract, in business time:
 * - an activity for a dormant customer is preceded by CustomerReawakened;
 * - an activity more than T days after the previous one, for a customer who has bought or won
 *   and is not dormant yet, is preceded by CustomerWentDormant (since previous + T) and
 *   CustomerReawakened, so imported history yields its dormant periods too.
 * An activity dated before the dormancy began (late-arriving history) is recorded without
 * reawakening: the customer did not act again after going dormant.
 */
export function eventsBeforeActivity(
  state: RegisteredCustomer,
  at: string,
  thresholdDays: number,
): (CustomerWentDormant | CustomerReawakened)[] {
  const customerId = state.customerId;
  if (state.activity === 'dormant') {
    const dormantSince = state.dormantSince ?? state.lastActivityAt;
    if (isBefore(at, dormantSince)) return [];
    return [{ type: 'CustomerReawakened', data: { customerId, at, dormantSince } }];
  }
  if (state.hasBoughtOrWon && isMoreThanDaysAfter(at, state.lastActivityAt, thresholdDays)) {
    const since = addDays(state.lastActivityAt, thresholdDays);
    return [
      { type: 'CustomerWentDormant', data: { customerId, since, lastActivityAt: state.lastActivityAt } },
      { type: 'CustomerReawakened', data: { customerId, at, dormantSince: since } },
    ];
  }
  return [];
}

export function withDormancyRules(
  state: RegisteredCustomer,
  at: string,
  thresholdDays: number,
  activity: CustomerEvent,
): CustomerEvent[] {
  return [...eventsBeforeActivity(state, at, thresholdDays), activity];
}

/** The sweep's decision for one customer: dormant if the last activity is more than T days before `asOf`. */
export function dormancyAsOf(state: RegisteredCustomer, asOf: string, thresholdDays: number): CustomerWentDormant[] {
  if (state.activity === 'dormant' || !state.hasBoughtOrWon) return [];
  if (!isMoreThanDaysAfter(asOf, state.lastActivityAt, thresholdDays)) return [];
  return [
    {
      type: 'CustomerWentDormant',
      data: {
        customerId: state.customerId,
        since: addDays(state.lastActivityAt, thresholdDays),
        lastActivityAt: state.lastActivityAt,
      },
    },
  ];
}
