import { Position } from './event-store.port';

/** Positions compare as integers of any size. */
export function comparePositions(a: Position, b: Position): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isPosition(value: string): boolean {
  return /^(0|[1-9][0-9]{0,39})$/.test(value);
}
