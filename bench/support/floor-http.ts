/**
 * The HTTP floor: a bare node:http server that appends one versioned row per request to SQLite
 * (better-sqlite3, WAL, synchronous=FULL), with no framework, validation, auth or projections,
 * and with group commit (issue #17: the best a bare server does durably): the requests whose
 * bodies arrived in the same turn of the event loop commit in one transaction, one fsync, and
 * each is answered after it. Run as its own process: PORT and FILE from the environment.
 */
import Database from 'better-sqlite3';
import { createServer } from 'node:http';

const db = new Database(process.env.FILE as string);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`CREATE TABLE IF NOT EXISTS events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, version INTEGER NOT NULL,
  type TEXT NOT NULL, data TEXT NOT NULL, UNIQUE (stream_id, version))`);
const last = db.prepare<[string], { version: number }>('SELECT MAX(version) AS version FROM events WHERE stream_id = ?');
const insert = db.prepare('INSERT INTO events (stream_id, version, type, data) VALUES (?, ?, ?, ?)');
interface Pending {
  stream: string;
  type: string;
  data: string;
  answer(result: { version: number; position: number }): void;
  fail(error: unknown): void;
}
let pending: Pending[] = [];
const commit = db.transaction((group: Pending[]) =>
  group.map(({ stream, type, data }) => {
    const version = (last.get(stream)?.version ?? -1) + 1;
    return { version, position: Number(insert.run(stream, version, type, data).lastInsertRowid) };
  }),
);
const flush = () => {
  const group = pending;
  pending = [];
  try {
    commit.immediate(group).forEach((result, i) => group[i].answer(result));
  } catch (error) {
    for (const item of group) item.fail(error);
  }
};

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>;
      const type = (req.url ?? '').split('/').pop() ?? 'unknown';
      if (pending.length === 0) setImmediate(flush);
      pending.push({
        stream: body.customerId ?? body.opportunityId,
        type,
        data: JSON.stringify(body),
        answer: (result) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result)),
        fail: (error) => res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) })),
      });
    } catch (error) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
    }
  });
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
