import { Decider, DecisionContext, fold } from '../core/decider';

export const NOW = '2026-06-01T12:00:00.000Z';
export const context = (overrides: Partial<DecisionContext> = {}): DecisionContext => ({
  now: NOW,
  dormancyThresholdDays: 90,
  ...overrides,
});

/** given(events) → when(command) → the events decided, or the error thrown. */
export function givenWhen<C, S, E>(decider: Decider<C, S, E>, given: readonly E[], when: C): E[] | Error {
  try {
    return decider.decide(when, fold(decider, given));
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
}

/** Matches a refusal by its class name and, for rule violations, the rule. */
export const refused = (name: string, rule?: string) =>
  expect.objectContaining(rule === undefined ? { name } : { name, rule });
