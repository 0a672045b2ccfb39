import { formatDateTime } from '../format';
import { Shown } from '../states';
import { useAnswer } from '../use-answer';
import { type AuditEvent, eventHref } from './audit-event';

const METADATA: (keyof AuditEvent)[] = ['eventId', 'streamId', 'version', 'position', 'type', 'actor', 'commandType', 'commandId', 'correlationId', 'causationId', 'schemaVersion'];

/**
 * One event with its whole metadata and its place in its stream's hash chain: its prevHash is
 * shown against the hash of the event before it, and its hash against the next one's prevHash.
 */
export function EventDetail({ apiKey, streamId, version }: { apiKey: string; streamId: string; version: number }) {
  const loaded = useAnswer<{ streamId: string; events: AuditEvent[] }>(`/audit/streams/${encodeURIComponent(streamId)}`, apiKey);
  return (
    <article aria-labelledby="event-title">
      <p>
        <a href="#/audit">← The log</a>
      </p>
      <h1 id="event-title">
        {streamId}, version {version}
      </h1>
      <Shown loaded={loaded}>
        {({ events }) => {
          const event = events.find((candidate) => candidate.version === version);
          if (!event) return <p role="alert" className="error">The stream has no version {version} (its last is {events.length - 1}).</p>;
          const before = events.find((candidate) => candidate.version === version - 1);
          const after = events.find((candidate) => candidate.version === version + 1);
          return (
            <>
              <dl className="facts" data-part="metadata">
                {METADATA.map((field) => (
                  <div key={field} data-field={field}>
                    <dt>{field}</dt>
                    <dd>{event[field] === undefined || event[field] === null ? '—' : String(event[field])}</dd>
                  </div>
                ))}
                <div data-field="occurredAt">
                  <dt>occurredAt (business time)</dt>
                  <dd>{formatDateTime(event.occurredAt)}</dd>
                </div>
                <div data-field="recordedAt">
                  <dt>recordedAt</dt>
                  <dd>{formatDateTime(event.recordedAt)}</dd>
                </div>
              </dl>
              <h2>Hash chain</h2>
              <table aria-label="Hash chain" className="hashes">
                <tbody>
                  <ChainLink label="Previous event" link={before && { href: eventHref(streamId, before.version), text: `version ${before.version}` }} hash={before?.hash} against={event.prevHash} relation="its hash is this event's prevHash" />
                  <tr data-link="self">
                    <th scope="row">This event</th>
                    <td>
                      <code data-hash="prevHash">{event.prevHash ?? '— (first of its stream)'}</code>
                      <br />
                      <code data-hash="hash">{event.hash}</code>
                    </td>
                    <td>prevHash, then hash</td>
                  </tr>
                  <ChainLink label="Next event" link={after && { href: eventHref(streamId, after.version), text: `version ${after.version}` }} hash={after?.prevHash ?? undefined} against={after ? event.hash : undefined} relation="its prevHash is this event's hash" />
                </tbody>
              </table>
              <h2>Data</h2>
              <pre data-part="data">{JSON.stringify(event.data, null, 2)}</pre>
            </>
          );
        }}
      </Shown>
    </article>
  );
}

/** A neighbour in the chain, and whether the link between them holds as stored. */
function ChainLink({ label, link, hash, against, relation }: { label: string; link?: { href: string; text: string }; hash?: string; against?: string | null; relation: string }) {
  const holds = hash !== undefined && hash === against;
  return (
    <tr data-link={label}>
      <th scope="row">
        {label}
        {link ? (
          <>
            {': '}
            <a href={link.href}>{link.text}</a>
          </>
        ) : null}
      </th>
      <td>{hash ? <code>{hash}</code> : '— (none)'}</td>
      <td data-holds={link ? String(holds) : undefined}>{link ? (holds ? `✓ ${relation}` : `✗ the link is broken: ${relation} should hold`) : ''}</td>
    </tr>
  );
}
