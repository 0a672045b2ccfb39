import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { makeDirectory } from './make-directory';

export type SqliteSynchronous = 'full' | 'normal';

/**
 * Opens a SQLite file the way every store here needs it: WAL, a busy timeout, 64-bit safe
 * integers, and the durability asked for. `synchronous` is set on every open because the
 * better-sqlite3 build silently defaults WAL connections to NORMAL (see pitfalls.md).
 */
export function openSqlite(filename: string, synchronous: SqliteSynchronous = 'full'): Database.Database {
  if (filename !== ':memory:') makeDirectory(dirname(filename));
  const db = new Database(filename, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.defaultSafeIntegers(true);
  return db;
}
