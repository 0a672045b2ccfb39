/** One event as /audit gives it, with all its metadata (api.md). */
export interface AuditEvent {
  eventId: string;
  streamId: string;
  version: number;
  position: string;
  type: string;
  data: Record<string, unknown>;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  commandType: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  schemaVersion: number;
  hash: string;
  prevHash: string | null;
}

/** Where one event's page is in the console: its stream and version. */
export const eventHref = (streamId: string, version: number) => `#/audit/${encodeURIComponent(streamId)}/${version}`;

/** The stream and version of #/audit/<stream>/<version>'s rest (a stream id may itself hold a slash). */
export function eventAt(rest: string): { streamId: string; version: number } | undefined {
  const slash = rest.lastIndexOf('/');
  const digits = rest.slice(slash + 1);
  const version = Number(digits);
  if (slash <= 0 || !/^[0-9]+$/.test(digits) || !Number.isSafeInteger(version)) return undefined;
  return { streamId: rest.slice(0, slash), version };
}
