import { parse } from 'csv-parse/sync';

/**
 * Maven Analytics' "CRM Sales Opportunities" (shared/datasets/crm-sales-opportunities) as
 * commands. Accounts become customers; every deal with an account becomes an opportunity;
 * a won deal is also a purchase of its product at the closing value, so revenue follows.
 */
export interface PlannedCommand {
  command: string;
  input: Record<string, unknown>;
  /** Business time: commands are sent in this order, so dormancy in the history comes out right. */
  at: string;
  /** Where it came from, for error messages. */
  source: { file: string; row: number };
  /**
   * Its Idempotency-Key: what it imports (the command and the account or deal), not where it sits
   * in the file, so a re-run replays it even after rows were added or reordered.
   */
  key: string;
  /**
   * The customer it concerns: one customer's commands run in their order, different customers'
   * side by side (so that their appends share commits).
   */
  lane: string;
}

export interface RowError {
  file: string;
  /** Line number in the file, the header being line 1. */
  row: number;
  column: string;
  reason: string;
}

export interface ImportPlan {
  commands: PlannedCommand[];
  errors: RowError[];
  /** Rows left out on purpose, each with why (never silently). */
  skipped: { reason: string; rows: number[] }[];
  totals: { accounts: number; deals: number };
}

export interface SourceFiles {
  accounts: string;
  products: string;
  salesTeams: string;
  pipeline: string;
}

const STAGES = ['Prospecting', 'Engaging', 'Won', 'Lost'] as const;
/** The export's first and last dates (data set README); Prospecting deals carry no date, so they are dated at its end. */
export const EXPORT_START = '2016-10-20T00:00:00.000Z';
export const EXPORT_END = '2017-12-31T00:00:00.000Z';

/** Ids of our API: 1-64 of [A-Za-z0-9._:-]. */
export const slug = (name: string) => name.trim().replace(/[^A-Za-z0-9._:-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
/** A deal has at most one command of each type (its purchase is ordered under the deal's id), an account one. */
const importKey = (command: string, id: string) => `crm-sales/${command}/${id}`;
/** The pipeline says GTXPro where products says GTX Pro: compare names without spaces. */
const productKey = (name: string) => name.replace(/\s+/g, '').toLowerCase();

function rows(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true, bom: true });
}

function isoDate(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? date.toISOString() : undefined;
}

export function planCrmSalesImport(files: SourceFiles): ImportPlan {
  const errors: RowError[] = [];
  const fail = (file: string, row: number, column: string, reason: string) => errors.push({ file, row, column, reason });

  const products = new Map<string, { id: string; price: number }>();
  rows(files.products).forEach((r, i) => {
    const price = Number(r.sales_price);
    if (!r.product) return fail('products.csv', i + 2, 'product', 'is empty');
    if (!Number.isFinite(price) || price < 0) return fail('products.csv', i + 2, 'sales_price', `"${r.sales_price}" is not a price`);
    products.set(productKey(r.product), { id: slug(r.product), price });
  });

  const agents = new Set<string>();
  rows(files.salesTeams).forEach((r, i) => (r.sales_agent ? agents.add(r.sales_agent) : fail('sales_teams.csv', i + 2, 'sales_agent', 'is empty')));

  const accounts = new Map<string, { fields: Record<string, string>; row: number }>();
  rows(files.accounts).forEach((r, i) => {
    if (!r.account) return fail('accounts.csv', i + 2, 'account', 'is empty');
    if (!slug(r.account)) return fail('accounts.csv', i + 2, 'account', `"${r.account}" gives no usable id`);
    accounts.set(r.account, { fields: r, row: i + 2 });
  });

  const deals: PlannedCommand[] = [];
  const firstActivity = new Map<string, string>();
  const noAccount: number[] = [];
  const seenIds = new Set<string>();
  const pipeline = rows(files.pipeline);
  pipeline.forEach((r, i) => {
    const row = i + 2;
    const bad = (column: string, reason: string) => fail('sales_pipeline.csv', row, column, reason);
    const errorsBefore = errors.length;
    const stage = r.deal_stage as (typeof STAGES)[number];
    if (!r.opportunity_id || slug(r.opportunity_id) !== r.opportunity_id) bad('opportunity_id', `"${r.opportunity_id}" is not an id`);
    else if (seenIds.has(r.opportunity_id)) bad('opportunity_id', `"${r.opportunity_id}" appears twice`);
    seenIds.add(r.opportunity_id);
    if (!STAGES.includes(stage)) bad('deal_stage', `"${r.deal_stage}" is not one of ${STAGES.join(', ')}`);
    if (!agents.has(r.sales_agent)) bad('sales_agent', `"${r.sales_agent}" is not in sales_teams.csv`);
    const product = products.get(productKey(r.product ?? ''));
    if (!product) bad('product', `"${r.product}" is not in products.csv`);
    const closed = stage === 'Won' || stage === 'Lost';
    const engaged = closed || stage === 'Engaging';
    const engageAt = r.engage_date ? isoDate(r.engage_date) : undefined;
    const closeAt = r.close_date ? isoDate(r.close_date) : undefined;
    const value = Number(r.close_value);
    if (engaged && !engageAt) bad('engage_date', r.engage_date ? `"${r.engage_date}" is not a date (YYYY-MM-DD)` : `is required for a ${stage} deal`);
    if (closed && !closeAt) bad('close_date', r.close_date ? `"${r.close_date}" is not a date (YYYY-MM-DD)` : `is required for a ${stage} deal`);
    if (closed && engageAt && closeAt && closeAt < engageAt) bad('close_date', 'is before engage_date');
    if (closed && (r.close_value === '' || !Number.isFinite(value) || value < 0)) bad('close_value', `"${r.close_value}" is not an amount`);
    if (r.account && !accounts.has(r.account)) bad('account', `"${r.account}" is not in accounts.csv`);
    if (!r.account && closed) bad('account', `is required for a ${stage} deal`);
    if (errors.length > errorsBefore || !product) return;
    if (!r.account) {
      noAccount.push(row);
      return;
    }

    const customerId = slug(r.account);
    const opportunityId = r.opportunity_id;
    const openedAt = engageAt ?? EXPORT_END;
    const source = { file: 'sales_pipeline.csv', row };
    const plan = (command: string, at: string, input: Record<string, unknown>) => deals.push({ command, at, input, source, key: importKey(command, opportunityId), lane: customerId });
    plan('OpenOpportunity', openedAt, { opportunityId, customerId, title: r.product, expectedValue: product.price, ownerId: slug(r.sales_agent), openedAt });
    if (stage === 'Engaging') plan('AdvanceStage', openedAt, { opportunityId, toStage: 'qualification', at: openedAt });
    if (stage === 'Won') {
      plan('WinOpportunity', closeAt as string, { opportunityId, value, at: closeAt });
      plan('RecordPurchase', closeAt as string, {
        customerId, orderId: opportunityId, occurredAt: closeAt, lines: [{ productId: product.id, quantity: 1, unitPrice: value }],
      });
    }
    if (stage === 'Lost') plan('LoseOpportunity', closeAt as string, { opportunityId, reason: 'lost (the source gives no reason)', at: closeAt });
    const first = firstActivity.get(customerId);
    if (!first || openedAt < first) firstActivity.set(customerId, openedAt);
  });

  const customers: PlannedCommand[] = [...accounts.values()].map(({ fields: a, row }) => {
    const customerId = slug(a.account);
    const registeredAt = firstActivity.get(customerId) ?? EXPORT_START;
    const employees = Number(a.employees);
    const customFields: Record<string, string | number> = {};
    if (a.year_established) customFields.yearEstablished = Number(a.year_established);
    if (a.revenue) customFields.revenueMillions = Number(a.revenue);
    if (Number.isFinite(employees)) customFields.employees = employees;
    if (a.subsidiary_of) customFields.subsidiaryOf = a.subsidiary_of;
    return {
      command: 'RegisterCustomer',
      at: registeredAt,
      source: { file: 'accounts.csv', row },
      key: importKey('RegisterCustomer', customerId),
      lane: customerId,
      input: {
        customerId, name: a.account, company: a.account, industry: a.sector || undefined, region: a.office_location || undefined,
        size: Number.isFinite(employees) ? sizeBand(employees) : undefined, customFields, registeredAt,
      },
    };
  });

  // Customers first at equal times, then in business-time order (stable within a deal).
  const commands = [...customers, ...deals].map((c, i) => ({ c, i })).sort((x, y) => (x.c.at < y.c.at ? -1 : x.c.at > y.c.at ? 1 : x.i - y.i)).map(({ c }) => c);
  return {
    commands,
    errors,
    skipped: noAccount.length ? [{ reason: 'open deal without an account (an opportunity needs a customer)', rows: noAccount }] : [],
    totals: { accounts: accounts.size, deals: pipeline.length },
  };
}

function sizeBand(employees: number): string {
  if (employees < 50) return '1-49';
  if (employees < 250) return '50-249';
  if (employees < 1000) return '250-999';
  if (employees < 5000) return '1000-4999';
  return '5000+';
}
