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
  // Never map the database file itself (the build's default is 0; this keeps it so): a mapped page
  // the disk cannot back, or one past a file cut short, is SIGBUS, which kills the process instead
  // of failing the statement. The -shm stays mapped (WAL needs it): SQLite writes a byte into each
  // of its pages before use, so a full disk there is SQLITE_IOERR_SHMSIZE, a 503. What can still
  // SIGBUS it is another process truncating the -shm, which SQLite does only when it sees no lock
  // on it: never read these files with `fs` in a process that has them open (test/support/files-on-disk.ts).
  db.pragma('mmap_size = 0');
  db.defaultSafeIntegers(true);
  return db;
}
