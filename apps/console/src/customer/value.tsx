import type { ReactNode } from 'react';
import { formatDateTime, formatInteger, formatMoney } from '../format';
import { Shown } from '../states';
import { useAnswer } from '../use-answer';
import { customerPath } from './links';

/** GET /customers/{id}/value, as api.md gives it. */
export interface ValueAnswer {
  revenue: number;
  cogs: number;
  grossMargin: number;
  costToServe: number;
  netValue: number;
  orders: number;
  avgOrderValue: number | null;
  firstPurchaseAt?: string | null;
  lastPurchaseAt?: string | null;
  paid: number;
  outstanding: number;
  satisfaction: { count: number; avgPerceived: number | null; avgExpected: number | null; avgGap: number | null };
  /** null for a customer who has not bought yet. */
  rfm: { recencyDays: number | null; frequency: number; monetary: number; r: number | null; f: number | null; m: number | null; score: string | null } | null;
  tier: 'A' | 'B' | 'C';
}

const score = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toFixed(1));

export function Value({ apiKey, customerId }: { apiKey: string; customerId: string }) {
  const loaded = useAnswer<ValueAnswer>(customerPath(customerId, '/value'), apiKey);
  return (
    <section aria-labelledby="value-title">
      <h2 id="value-title">Value</h2>
      <Shown loaded={loaded}>
        {(value) => (
          <dl className="figures" data-part="value">
            <Figure name="tier" label="Tier">{value.tier}</Figure>
            <Figure name="revenue" label="Revenue">{formatMoney(value.revenue)}</Figure>
            <Figure name="grossMargin" label="Gross margin">{formatMoney(value.grossMargin)}</Figure>
            <Figure name="costToServe" label="Cost to serve">{formatMoney(value.costToServe)}</Figure>
            <Figure name="netValue" label="Net value">{formatMoney(value.netValue)}</Figure>
            <Figure name="orders" label="Orders">{formatInteger(value.orders)}</Figure>
            <Figure name="avgOrderValue" label="Average order">{formatMoney(value.avgOrderValue)}</Figure>
            <Figure name="paid" label="Paid">{formatMoney(value.paid)}</Figure>
            <Figure name="outstanding" label="Outstanding">{formatMoney(value.outstanding)}</Figure>
            <Figure name="satisfaction" label={`Satisfaction (${formatInteger(value.satisfaction.count)} rated)`}>
              {value.satisfaction.count === 0 ? 'not rated yet' : `${score(value.satisfaction.avgPerceived)} felt / ${score(value.satisfaction.avgExpected)} expected`}
            </Figure>
            <Figure name="rfm" label={`RFM (${value.rfm?.recencyDays == null ? 'no purchase yet' : `${formatInteger(value.rfm.recencyDays)} ${value.rfm.recencyDays === 1 ? 'day' : 'days'} since the last`})`}>
              {value.rfm?.score ?? '—'}
            </Figure>
            <Figure name="lastPurchaseAt" label="Last purchase">{formatDateTime(value.lastPurchaseAt)}</Figure>
          </dl>
        )}
      </Shown>
    </section>
  );
}

function Figure({ name, label, children }: { name: string; label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-figure={name}>{children}</dd>
    </div>
  );
}
