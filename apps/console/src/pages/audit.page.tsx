import { formatDateTime } from '../format';
import { Pager, usePaged } from '../paging';
import { Shown } from '../states';
import type { ConsolePage } from './page';

interface AuditEvent {
  eventId: string;
  position: string;
  streamId: string;
  version: number;
  type: string;
  actor: string;
  occurredAt: string;
  recordedAt: string;
}

function AuditLog({ apiKey }: { apiKey: string }) {
  const paged = usePaged<AuditEvent>('/audit/events?limit=50', 'after', apiKey);
  const { loaded } = paged;
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Event log</h1>
      <Shown loaded={loaded} empty={(page) => page.items.length === 0 && paged.first}>
        {(page) => (
          <>
            <table>
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
                    <td>{event.streamId}</td>
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

export const auditPage: ConsolePage = {
  id: 'audit',
  title: 'Audit',
  probe: '/audit/events?limit=1',
  render: (key) => <AuditLog apiKey={key} />,
};
