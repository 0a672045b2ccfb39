/**
 * The command mix of the HTTP scenarios: on CUSTOMERS customers, each with one open opportunity,
 * 60% LogInteraction, 25% RecordPurchase, 15% AdvanceStage (to the next stage in a cycle, with a
 * reason, so a backward move is allowed). Deterministic in the request number and the order of
 * requests within one process.
 */
export const MIX_CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
const STAGES = ['prospecting', 'qualification', 'needs-analysis', 'proposal', 'negotiation'];

export const mixCustomer = (i: number) => `mix-c${i}`;
export const mixOpportunity = (i: number) => `mix-o${i}`;

/** Seeding: one customer and one opportunity each. */
export function seedCommands(customers = MIX_CUSTOMERS): [string, Record<string, unknown>][] {
  const commands: [string, Record<string, unknown>][] = [];
  for (let i = 0; i < customers; i++) {
    commands.push(['RegisterCustomer', { customerId: mixCustomer(i), name: `Mix ${i}`, region: ['EMEA', 'APAC', 'AMER'][i % 3] }]);
    commands.push(['OpenOpportunity', { opportunityId: mixOpportunity(i), customerId: mixCustomer(i), title: 'Renewal' }]);
  }
  return commands;
}

/** The n-th request of a load process (`salt` keeps order ids unique across processes and runs). */
export function mixCommand(n: number, salt: string, customers = MIX_CUSTOMERS): [string, Record<string, unknown>] {
  // A multiplicative hash spreads consecutive requests over customers.
  const i = (n * 2_654_435_761) % customers;
  const kind = n % 20;
  if (kind < 12) return ['LogInteraction', { customerId: mixCustomer(i), channel: 'call', direction: 'inbound', kind: 'follow-up', summary: 'Checked in about the renewal' }];
  if (kind < 17) return ['RecordPurchase', { customerId: mixCustomer(i), orderId: `${salt}-${n}`, lines: [{ productId: `p${n % 7}`, quantity: 1 + (n % 3), unitPrice: 40, unitCost: 25 }] }];
  // Each opportunity moves on to the next stage in a cycle (seeded in 'prospecting'), so a move is
  // only refused as unchanged when two moves of one opportunity overtake each other.
  const stage = ((stageOf.get(i) ?? 0) + 1) % STAGES.length;
  stageOf.set(i, stage);
  return ['AdvanceStage', { opportunityId: mixOpportunity(i), toStage: STAGES[stage], reason: 'pipeline review' }];
}

/** The stage this process last asked each opportunity to move to (or learnt it is in). */
const stageOf = new Map<number, number>();

/** Tells the mix where an opportunity stands, so that its next move is to another stage. */
export function knowStage(opportunityId: string, stage: string): void {
  const i = Number(opportunityId.replace('mix-o', ''));
  if (Number.isInteger(i) && STAGES.includes(stage)) stageOf.set(i, STAGES.indexOf(stage));
}
