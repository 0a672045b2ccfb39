import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'react';
import { ChartCanvas } from '../charts/chart-canvas';
import { type ParetoAnswer, paretoCurve } from '../charts/pareto-data';
import { formatInteger, formatMoney, formatPercent } from '../format';
import { Shown } from '../states';
import { useAnswer } from '../use-answer';
import type { ConsolePage } from './page';

const BANDS = { A: 'top 20% of customers', B: 'the next 50%', C: 'the bottom 30%' } as const;

function Pareto({ apiKey }: { apiKey: string }) {
  const loaded = useAnswer<ParetoAnswer>('/analytics/pareto', apiKey);
  return (
    <section aria-labelledby="pareto-title">
      <h1 id="pareto-title">The 20/80/30</h1>
      <Shown loaded={loaded} empty={(answer) => answer.customers === 0}>
        {(answer) => <ParetoFigures answer={answer} />}
      </Shown>
    </section>
  );
}

function ParetoFigures({ answer }: { answer: ParetoAnswer }) {
  const curve = paretoCurve(answer);
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'line',
      data: {
        datasets: [
          { label: 'Cumulative share of net value', data: curve.map((point) => ({ x: 100 * point.customers, y: 100 * point.value })), borderColor: '#0b57d0', backgroundColor: 'rgba(11, 87, 208, 0.12)', fill: true, tension: 0 },
        ],
      },
      options: {
        scales: {
          x: { type: 'linear', min: 0, max: 100, title: { display: true, text: 'Customers ranked by net value (%)' } },
          y: { title: { display: true, text: 'Cumulative share of net value (%)' } },
        },
      },
    }),
    [answer],
  );
  return (
    <>
      <dl className="figures">
        <div>
          <dt>Top 20%’s share of net value</dt>
          <dd data-figure="top20Share">{formatPercent(answer.top20Share)}</dd>
        </div>
        <div>
          <dt>Total net value</dt>
          <dd data-figure="totalNetValue">{formatMoney(answer.totalNetValue)}</dd>
        </div>
        <div>
          <dt>Profit without tier C</dt>
          <dd data-figure="profitWithoutC">{formatMoney(answer.profitWithoutC)}</dd>
        </div>
      </dl>
      <ChartCanvas config={config} label="The Pareto curve: cumulative share of net value over customers ranked by it, through the A, B and C bands" />
      <table aria-label="Tiers">
        <thead>
          <tr>
            <th scope="col">Tier</th>
            <th scope="col" className="number">Customers</th>
            <th scope="col" className="number">Net value</th>
            <th scope="col" className="number">Share</th>
          </tr>
        </thead>
        <tbody>
          {(['A', 'B', 'C'] as const).map((tier) => (
            <tr key={tier} data-tier={tier}>
              <td>
                {tier} ({BANDS[tier]})
              </td>
              <td className="number">{formatInteger(answer.tiers[tier].customers)}</td>
              <td className="number">{formatMoney(answer.tiers[tier].netValue)}</td>
              <td className="number">{formatPercent(answer.tiers[tier].share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export const paretoPage: ConsolePage = {
  id: 'pareto',
  title: '20/80/30',
  probe: '/analytics/pareto',
  render: (key) => <Pareto apiKey={key} />,
};
