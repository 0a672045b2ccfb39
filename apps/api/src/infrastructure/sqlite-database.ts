import { SqliteSynchronous, makeDirectory, openSqlite } from '@crm/event-store';
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { AppConfig, ConfigError } from '../config/app-config';
import { WriterThread } from './writer-thread/writer-thread.client';

/**
 * The embedded default keeps everything in one SQLite file under CRM_DATA_DIR, over two
 * connections: the event log's at the configured durability (FULL by default), and the read
 * models' at NORMAL. Read models can always be rebuilt, and a read-model commit lost to a power
 * cut loses its checkpoint with it, so the projector simply applies those events again.
 */
export abstract class SqliteDatabase {
  abstract readonly db: Database.Database;
  abstract readonly readModels: Database.Database;
  /**
   * CRM_SQLITE_WRITER=thread with the log in this file: where the log's appends and the
   * Idempotency-Key records are committed, instead of on `db` and `readModels`.
   */
  abstract readonly writer?: WriterThread;
}

export async function openDataFile(config: AppConfig): Promise<SqliteDatabase> {
  const file = inDataDir(config, 'crm.sqlite');
  const db = openInDataDir(file, config.sqliteSynchronous);
  const readModels = openInDataDir(file, 'normal');
  // With EventStoreDB the log's commits are elsewhere: nothing here is worth a thread. A projector
  // on the server's own loop (in-process) writes read models there: its commits would wait for
  // the writer thread's lock on that loop, where inline they simply take turns with the appends.
  const inline = config.sqliteWriter === 'inline' || config.projector === 'in-process' || config.eventStore.driver !== 'sqlite';
  if (inline) return { db, readModels };
  try {
    return { db, readModels, writer: await WriterThread.start({ file, synchronous: config.sqliteSynchronous }) };
  } catch (error) {
    db.close();
    readModels.close();
    throw error;
  }
}

/**
 * The path of a file in CRM_DATA_DIR, the folder made if need be. A folder that cannot be made
 * (a file in the way, no permission, /proc) is a configuration mistake: one line at start-up.
 */
export function inDataDir(config: AppConfig, name: string): string {
  try {
    makeDirectory(config.dataDir);
  } catch (error) {
    throw new ConfigError(`CRM_DATA_DIR: ${(error as Error).message}`);
  }
  return join(config.dataDir, name);
}

/** Opens a SQLite file of CRM_DATA_DIR; one that cannot be opened (read-only, not a database) is named in one line. */
export function openInDataDir(file: string, synchronous: SqliteSynchronous): Database.Database {
  try {
    return openSqlite(file, synchronous);
  } catch (error) {
    throw new ConfigError(`CRM_DATA_DIR: cannot open ${file}: ${(error as Error).message}`);
  }
}
