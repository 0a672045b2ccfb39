import type { ChartConfiguration } from 'chart.js';
import { useMemo, useState } from 'react';
import { ChartCanvas } from '../charts/chart-canvas';
import { type SegmentsAnswer, segmentBars } from '../charts/segments-data';
import { formatInteger, formatMoney, formatPercent } from '../format';
import { Shown } from '../states';
import { useAnswer } from '../use-answer';
import type { ConsolePage } from './page';

/** The dimensions of GET /analytics/segments (api.md). */
const DIMENSIONS = { industry: 'Industry', region: 'Region', ownerId: 'Owner', source: 'Lead source', productId: 'Product', month: 'Month' } as const;

function Segments({ apiKey }: { apiKey: string }) {
  const [by, setBy] = useState<keyof typeof DIMENSIONS>('industry');
  const loaded = useAnswer<SegmentsAnswer>(`/analytics/segments?by=${by}`, apiKey);
  return (
    <section aria-labelledby="segments-title">
      <h1 id="segments-title">Segments</h1>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          By
          <select value={by} onChange={(event) => setBy(event.target.value as keyof typeof DIMENSIONS)}>
            {Object.entries(DIMENSIONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </form>
      <Shown loaded={loaded} empty={(answer) => answer.items.length === 0}>
        {(answer) => <SegmentFigures answer={answer} title={DIMENSIONS[by]} />}
      </Shown>
    </section>
  );
}

function SegmentFigures({ answer, title }: { answer: SegmentsAnswer; title: string }) {
  const { bars, left } = segmentBars(answer);
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: bars.map((bar) => bar.key),
        datasets: [
          { label: 'Revenue', data: bars.map((bar) => bar.revenue), backgroundColor: '#0b57d0' },
          { label: 'Gross margin', data: bars.map((bar) => bar.grossMargin), backgroundColor: '#116329' },
        ],
      },
      options: { plugins: { legend: { display: true } } },
    }),
    [answer],
  );
  return (
    <>
      <ChartCanvas config={config} label={`Revenue and gross margin by ${title.toLowerCase()}${left > 0 ? `, ${answer.by === 'month' ? 'the latest' : 'the first'} ${bars.length} of ${answer.items.length}` : ''}`} />
      {left > 0 ? <p className="hint">{formatInteger(left)} more in the table.</p> : null}
      <table aria-label={`Segments by ${title.toLowerCase()}`}>
        <thead>
          <tr>
            <th scope="col">{title}</th>
            <th scope="col" className="number">Customers</th>
            <th scope="col" className="number">Revenue</th>
            <th scope="col" className="number">Gross margin</th>
            <th scope="col" className="number">Orders</th>
            <th scope="col" className="number">Won</th>
            <th scope="col" className="number">Lost</th>
            <th scope="col" className="number">Win rate</th>
          </tr>
        </thead>
        <tbody>
          {answer.items.map((item) => (
            <tr key={item.key} data-segment={item.key}>
              <td>{item.key}</td>
              <td className="number">{formatInteger(item.customers)}</td>
              <td className="number">{formatMoney(item.revenue)}</td>
              <td className="number">{formatMoney(item.grossMargin)}</td>
              <td className="number">{formatInteger(item.orders)}</td>
              <td className="number">{formatInteger(item.won)}</td>
              <td className="number">{formatInteger(item.lost)}</td>
              <td className="number">{formatPercent(item.winRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export const segmentsPage: ConsolePage = {
  id: 'segments',
  title: 'Segments',
  probe: '/analytics/segments?by=industry',
  render: (key) => <Segments apiKey={key} />,
};
