/**
 * Money is a decimal number in the customer's currency. Sums are computed in
 * ten-thousandths so that 0.1 + 0.2 adds up to 0.3 and totals are reproducible on replay.
 */
const SCALE = 10_000;

export function toMinor(amount: number): number {
  return Math.round(amount * SCALE);
}

export function fromMinor(minor: number): number {
  return minor / SCALE;
}

export function sumMoney(amounts: readonly number[]): number {
  return fromMinor(amounts.reduce((total, amount) => total + toMinor(amount), 0));
}

export function multiplyMoney(quantity: number, unitPrice: number): number {
  return fromMinor(Math.round(quantity * toMinor(unitPrice)));
}
