import type { ChartConfiguration } from 'chart.js';
import { useMemo, useState } from 'react';
import { ChartCanvas } from '../charts/chart-canvas';
import { type FunnelAnswer, funnelSteps, stageDays, stageWords } from '../charts/funnel-data';
import { formatInteger, formatPercent } from '../format';
import { Shown } from '../states';
import { useAnswer } from '../use-answer';
import type { ConsolePage } from './page';

// The lead sources of api.md (CaptureLead); empty: every source.
const SOURCES = ['', 'web', 'seo', 'sem', 'ads', 'event', 'referral', 'partner', 'import', 'other'];

function Funnel({ apiKey }: { apiKey: string }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [source, setSource] = useState('');
  const query = new URLSearchParams();
  if (from) query.set('from', new Date(`${from}T00:00:00Z`).toISOString());
  if (to) query.set('to', new Date(`${to}T23:59:59.999Z`).toISOString());
  if (source) query.set('source', source);
  const loaded = useAnswer<FunnelAnswer>(`/analytics/funnel${query.size ? `?${query}` : ''}`, apiKey);
  return (
    <section aria-labelledby="funnel-title">
      <h1 id="funnel-title">Funnel</h1>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          From <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label>
          To <input type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        </label>
        <label>
          Source
          <select value={source} onChange={(event) => setSource(event.target.value)}>
            {SOURCES.map((value) => (
              <option key={value} value={value}>
                {value || 'every source'}
              </option>
            ))}
          </select>
        </label>
      </form>
      <Shown loaded={loaded}>{(answer) => <FunnelFigures answer={answer} />}</Shown>
    </section>
  );
}

function FunnelFigures({ answer }: { answer: FunnelAnswer }) {
  const steps = funnelSteps(answer);
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: { labels: steps.map((step) => step.label), datasets: [{ label: 'Count', data: steps.map((step) => step.count), backgroundColor: '#0b57d0' }] },
      options: { indexAxis: 'y', plugins: { legend: { display: false } } },
    }),
    [answer],
  );
  return (
    <>
      <ChartCanvas config={config} label="The funnel: leads, opportunities and each stage reached, as bars" />
      <table aria-label="Funnel steps">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col" className="number">Count</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((step) => (
            <tr key={step.label} data-step={step.label}>
              <td>{step.label}</td>
              <td className="number">{formatInteger(step.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Conversion between steps</h2>
      <table aria-label="Conversion rates">
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col" className="number">Rate</th>
          </tr>
        </thead>
        <tbody>
          {answer.conversion.map((step) => (
            <tr key={`${step.from}-${step.to}`} data-conversion={`${step.from}>${step.to}`}>
              <td>{stageWords(step.from)}</td>
              <td>{stageWords(step.to)}</td>
              <td className="number">{formatPercent(step.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Median days in each stage</h2>
      <table aria-label="Median days in each stage">
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col" className="number">Median days</th>
          </tr>
        </thead>
        <tbody>
          {stageDays(answer).map(({ stage, days }) => (
            <tr key={stage}>
              <td>{stage}</td>
              <td className="number">{days === null ? '—' : days.toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export const funnelPage: ConsolePage = {
  id: 'funnel',
  title: 'Funnel',
  probe: '/analytics/funnel',
  render: (key) => <Funnel apiKey={key} />,
};
