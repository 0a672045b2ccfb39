import { useEffect, useState } from 'react';
import { formatDuration, formatInteger } from '../format';
import { RebuildControl } from '../projections/rebuild-control';
import { Shown } from '../states';
import { useAnswer } from '../use-answer';
import type { ConsolePage } from './page';

const REFRESH_MS = 2_000;

interface ProjectionItem {
  name: string;
  kind: 'projection' | 'reactor';
  version: number;
  /** The generation readers use: a rebuild writes the next one. */
  generation: number;
  status: string;
  position: string | null;
  lag: { events: number; ms: number };
  error?: { message: string };
}

function Projections({ apiKey }: { apiKey: string }) {
  // Asked again every few seconds (status and lag are live), and at once when a rebuild ends.
  const [refresh, setRefresh] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setRefresh((n) => n + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const loaded = useAnswer<{ items: ProjectionItem[] }>('/projections', apiKey, refresh);
  return (
    <section aria-labelledby="projections-title">
      <h1 id="projections-title">Projections</h1>
      <Shown loaded={loaded} empty={(answer) => answer.items.length === 0}>
        {(answer) => (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col" className="number">Generation</th>
                <th scope="col" className="number">Position</th>
                <th scope="col" className="number">Lag (events)</th>
                <th scope="col" className="number">Lag (time)</th>
                <th scope="col">Rebuild</th>
              </tr>
            </thead>
            <tbody>
              {answer.items.map((projection) => (
                <tr key={projection.name} data-projection={projection.name}>
                  <td>{projection.name}</td>
                  <td>{projection.kind}</td>
                  <td>
                    <span className={`status status-${projection.status}`}>{projection.status}</span>
                    {projection.error ? <span className="error"> {projection.error.message}</span> : null}
                  </td>
                  <td className="number" data-generation>{projection.generation}</td>
                  <td className="number">{projection.position ?? '—'}</td>
                  <td className="number" data-lag-events>{formatInteger(projection.lag.events)}</td>
                  <td className="number">{formatDuration(projection.lag.ms)}</td>
                  <td>{projection.kind === 'projection' ? <RebuildControl apiKey={apiKey} projection={projection.name} onEnd={() => setRefresh((n) => n + 1)} /> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Shown>
    </section>
  );
}

export const projectionsPage: ConsolePage = {
  id: 'projections',
  title: 'Projections',
  probe: '/projections',
  render: (key) => <Projections apiKey={key} />,
};
