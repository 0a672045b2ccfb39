import { useState } from 'react';
import { formatDateTime } from '../format';
import { Pager, usePaged } from '../paging';
import { Shown } from '../states';
import { customerPath } from './links';

interface TimelineItem {
  at: string;
  type: string;
  kind: string;
  streamId: string;
  position: string;
  actor: string;
  summary: string;
}

/** The timeline's kinds (api.md: `kinds`), in the order a customer's story usually runs. */
const TIMELINE_KINDS = ['lead', 'profile', 'interaction', 'opportunity', 'purchase', 'payment', 'cost', 'lifecycle'] as const;

function timelinePath(customerId: string, kinds: readonly string[]): string {
  return customerPath(customerId, `/timeline?limit=20${kinds.length > 0 ? `&kinds=${kinds.join(',')}` : ''}`);
}

/** Every contact from every department, oldest first, a page at a time; no kind ticked means every kind. */
export function Timeline({ apiKey, customerId }: { apiKey: string; customerId: string }) {
  const [kinds, setKinds] = useState<string[]>([]);
  const paged = usePaged<TimelineItem>(timelinePath(customerId, kinds), 'cursor', apiKey);
  const toggle = (kind: string, on: boolean) => setKinds(TIMELINE_KINDS.filter((candidate) => (candidate === kind ? on : kinds.includes(candidate))));
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <fieldset className="filters">
        <legend>Kinds shown (none ticked: all)</legend>
        {TIMELINE_KINDS.map((kind) => (
          <label key={kind} className="check">
            <input type="checkbox" checked={kinds.includes(kind)} onChange={(event) => toggle(kind, event.target.checked)} /> {kind}
          </label>
        ))}
      </fieldset>
      <Shown loaded={paged.loaded} empty={(page) => page.items.length === 0 && paged.first}>
        {(page) => (
          <>
            <table aria-label="Timeline">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Event</th>
                  <th scope="col">Summary</th>
                  <th scope="col">Actor</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((item) => (
                  <tr key={`${item.position}-${item.type}`} data-timeline={item.position}>
                    <td>{formatDateTime(item.at)}</td>
                    <td>{item.kind}</td>
                    <td>{item.type}</td>
                    <td className="wrap">{item.summary}</td>
                    <td>{item.actor}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager label="Pages of the timeline" page={page} paged={paged} />
          </>
        )}
      </Shown>
    </section>
  );
}
