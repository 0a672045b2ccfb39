/**
 * Under Jest (NODE_ENV=test) every document and event the engine shares between handlers is
 * deep-frozen, so a handler that mutates one throws in the tests instead of corrupting a batch
 * (or another projection's events); production skips the cost.
 */
const FREEZE = process.env.NODE_ENV === 'test';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export const owned = <T>(value: T): T => (FREEZE ? deepFreeze(value) : value);
