import { type FormEvent, type ReactNode, useState } from 'react';
import { download, messageOf } from '../api';
import { formatDateTime, formatInteger } from '../format';
import { queryOf, useHashFilters } from '../hash-filters';
import { useTypedFilters } from '../typed-filters';
import { Pager, usePaged } from '../paging';
import { Shown } from '../states';
import { type AuditEvent, eventHref } from './audit-event';

/** GET /audit/events' filters (api.md), all typed; from and to are business times. */
const FILTERS = {
  streamId: 'Stream',
  customerId: 'Customer',
  type: 'Event type',
  actor: 'Actor',
  correlationId: 'Correlation id',
  from: 'From (business time)',
  to: 'To (business time)',
} as const;
type Filters = Partial<Record<keyof typeof FILTERS, string>>;

/** The log in global order with every filter of /audit/events, a page at a time, and the same selection as NDJSON. */
export function AuditLog({ apiKey, verification }: { apiKey: string; verification: ReactNode }) {
  const [filters, setFilters] = useHashFilters<Filters>('audit', Object.keys(FILTERS) as (keyof typeof FILTERS)[]);
  const query = queryOf(filters).toString();
  const paged = usePaged<AuditEvent>(`/audit/events?limit=50${query ? `&${query}` : ''}`, 'after', apiKey);
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Event log</h1>
      {verification}
      <h2>Events</h2>
      <AuditFilters filters={filters} onApply={setFilters} />
      <Export apiKey={apiKey} query={query} />
      <Shown loaded={paged.loaded} empty={(page) => page.items.length === 0 && paged.first}>
        {(page) => (
          <>
            <table aria-label="Events">
              <thead>
                <tr>
                  <th scope="col" className="number">Position</th>
                  <th scope="col">Stream</th>
                  <th scope="col" className="number">Version</th>
                  <th scope="col">Type</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Business time</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((event) => (
                  <tr key={event.eventId} data-event={event.eventId}>
                    <td className="number">{event.position}</td>
                    <td>
                      <a href={eventHref(event.streamId, event.version)}>{event.streamId}</a>
                    </td>
                    <td className="number">{event.version}</td>
                    <td>{event.type}</td>
                    <td>{event.actor}</td>
                    <td>{formatDateTime(event.occurredAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager label="Pages of the log" page={page} paged={paged} />
          </>
        )}
      </Shown>
    </section>
  );
}

function AuditFilters({ filters, onApply }: { filters: Filters; onApply: (filters: Filters) => void }) {
  const typed = useTypedFilters(FILTERS, filters, { from: '2024-01-31', to: '2024-01-31' });
  const apply = (event: FormEvent) => {
    event.preventDefault();
    onApply(typed.applied());
  };
  return (
    <form className="filters" aria-label="Filter the log" onSubmit={apply}>
      {typed.inputs}
      <button type="submit">Apply</button>
    </form>
  );
}

/** Every event the filters select, one per line, as the API streams it (no page limit). */
function Export({ apiKey, query }: { apiKey: string; query: string }) {
  const [state, setState] = useState<{ busy: boolean; message?: string; failed?: boolean }>({ busy: false });
  const save = async () => {
    setState({ busy: true });
    try {
      const { bytes } = await download(`/audit/events${query ? `?${query}` : ''}`, apiKey, 'application/x-ndjson', 'crm-audit-events.ndjson');
      setState({ busy: false, message: `Saved crm-audit-events.ndjson (${formatInteger(bytes)} bytes).` });
    } catch (error) {
      setState({ busy: false, failed: true, message: messageOf(error) });
    }
  };
  return (
    <p className="actions">
      <button type="button" disabled={state.busy} onClick={() => void save()}>
        {state.busy ? 'Exporting…' : 'Export these events (NDJSON)'}
      </button>{' '}
      {state.message ? (
        <span role={state.failed ? 'alert' : 'status'} className={state.failed ? 'error' : undefined}>
          {state.message}
        </span>
      ) : null}
    </p>
  );
}
