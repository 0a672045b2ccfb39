import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { READ_STORE_SCHEMA } from './sqlite-read-store';

/** Each table an earlier version kept beside the log, with the columns moved. */
const MOVED = [
  { table: 'read_documents', columns: 'collection, id, body', select: 'collection, id, jsonb(body)' },
  { table: 'projection_checkpoints', columns: 'name, position', select: 'name, position' },
  { table: 'projection_leases', columns: 'name, owner, expires_at', select: 'name, owner, expires_at' },
] as const;

/** The read store's tables: what a move carries. */
export const READ_STORE_TABLES = MOVED.map(({ table }) => table);

/** How long a second process starting at the same moment waits for the first one's move. */
const MOVE_BUSY_TIMEOUT_MS = 10 * 60_000;

/** An earlier version's process still runs on the folder: its tables must not go from under it. */
export class EarlierVersionRunningError extends Error {
  constructor(until: Date) {
    super(`a process of an earlier version still holds projection leases in the log's file (until ${until.toISOString()}): stop every process of that version, then start this one (the leases of one that died lapse by then)`);
    this.name = 'EarlierVersionRunningError';
  }
}

/**
 * Moves the read store's tables out of another SQLite file, where an earlier version kept them
 * beside the log, into `target`'s: documents (as binary JSON), checkpoints and leases, so the
 * projector resumes where it was instead of rebuilding. The copy commits at synchronous=FULL
 * before the tables are dropped from the other file, in a second transaction: a crash or a power
 * cut in between leaves both, and the next open only drops. A `target` that already holds read
 * models keeps them (and the other file's are dropped): reactions are idempotent, so a reactor
 * that goes back over events lost nothing. Only `target` is write-locked during the copy: the log
 * goes on taking appends. Returns how many documents were copied (undefined: nothing to move).
 */
export function moveReadModelsIn(target: Database.Database, from: string, now: () => number = Date.now): number | undefined {
  if (!existsSync(from)) return undefined;
  target.prepare('ATTACH DATABASE ? AS legacy').run(from);
  try {
    const inLegacy = () => MOVED.filter(({ table }) => target.prepare(`SELECT 1 FROM legacy.sqlite_master WHERE type = 'table' AND name = ?`).get(table) !== undefined);
    const present = inLegacy();
    if (present.length === 0) return undefined;
    if (present.some(({ table }) => table === 'projection_leases')) {
      const until = target.prepare<[number], { until: bigint | null }>('SELECT max(expires_at) AS until FROM legacy.projection_leases WHERE expires_at > ?').get(now())?.until ?? null;
      if (until !== null) throw new EarlierVersionRunningError(new Date(Number(until)));
    }
    target.exec(READ_STORE_SCHEMA);
    const busyTimeout = target.pragma('busy_timeout', { simple: true });
    const synchronous = target.pragma('main.synchronous', { simple: true });
    target.pragma(`busy_timeout = ${MOVE_BUSY_TIMEOUT_MS}`);
    target.pragma('main.synchronous = FULL');
    let copied: number | undefined;
    try {
      target.transaction(() => {
        // A write first, so that only target's lock is taken (waiting for another process's move).
        target.exec('DELETE FROM main.projection_leases WHERE 0');
        const tables = inLegacy();
        const holdsReadModels = MOVED.some(({ table }) => target.prepare(`SELECT 1 FROM main.${table} LIMIT 1`).get() !== undefined);
        if (tables.length === 0 || holdsReadModels) return;
        copied = 0;
        for (const { table, columns, select } of tables) {
          const { changes } = target.prepare(`INSERT INTO main.${table} (${columns}) SELECT ${select} FROM legacy.${table}`).run();
          if (table === 'read_documents') copied = changes;
        }
      })();
      // IMMEDIATE: both files' locks before looking, so that two processes do not both drop.
      target.transaction(() => {
        for (const { table } of inLegacy()) target.exec(`DROP TABLE legacy.${table}`);
      }).immediate();
    } finally {
      target.pragma(`main.synchronous = ${synchronous}`);
      target.pragma(`busy_timeout = ${busyTimeout}`);
    }
    return copied;
  } finally {
    target.exec('DETACH DATABASE legacy');
  }
}
