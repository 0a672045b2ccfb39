import { eventAt } from '../audit/audit-event';
import { AuditLog } from '../audit/audit-log';
import { EventDetail } from '../audit/event-detail';
import { Verification } from '../audit/verification';
import type { ConsolePage } from './page';

/** The log browser with verification (#/audit), and one event in its chain (#/audit/<stream>/<version>). */
export const auditPage: ConsolePage = {
  id: 'audit',
  title: 'Audit',
  probe: '/audit/events?limit=1',
  render: (key, rest) => {
    const event = rest ? eventAt(rest) : undefined;
    if (event) return <EventDetail key={rest} apiKey={key} streamId={event.streamId} version={event.version} />;
    return (
      <>
        <AuditLog apiKey={key} verification={<Verification apiKey={key} />} />
      </>
    );
  },
};
