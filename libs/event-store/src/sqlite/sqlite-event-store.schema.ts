/**
 * AUTOINCREMENT so positions are never reused; the position is assigned inside the
 * IMMEDIATE write transaction, so commit order equals position order and a reader
 * following `position > checkpoint` never skips a late commit.
 */
export const EVENT_LOG_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position   INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id  TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  event_id   TEXT    NOT NULL,
  type       TEXT    NOT NULL,
  data       TEXT    NOT NULL,
  metadata   TEXT    NOT NULL,
  UNIQUE (stream_id, version),
  UNIQUE (stream_id, event_id)
);
CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
`;
