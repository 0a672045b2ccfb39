import { SqliteSynchronous, makeDirectory, openSqlite } from '@crm/event-store';
import { moveReadModelsIn } from '@crm/read-store';
import { Logger } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { AppConfig, ConfigError } from '../config/app-config';
import { DATA_FILES } from './data-files';
import { WriterThread } from './writer-thread/writer-thread.client';

/**
 * The embedded default keeps its data in two SQLite files under CRM_DATA_DIR. `crm.sqlite`: the
 * event log at the configured durability (FULL by default), and the Idempotency-Key records on a
 * second connection at NORMAL (their commits are synced by the log's that follow: one write-ahead
 * log). `read-models.sqlite`: the read models, their checkpoints, leases and rebuild jobs, at
 * NORMAL. They can always be rebuilt, and a read-model commit lost to a power cut loses its
 * checkpoint with it, so the projector simply applies those events again. Apart because a
 * commit at FULL syncs its whole write-ahead log: in one file, every command's fsync also wrote
 * out the projector's read-model pages (c=1 p99 14 ms in one file, 9–10 ms apart; http.md).
 */
export abstract class SqliteDatabase {
  abstract readonly db: Database.Database;
  /** crm.sqlite at NORMAL: the Idempotency-Key records (see idempotency-store.factory.ts). */
  abstract readonly idempotencyKeys: Database.Database;
  /** read-models.sqlite; absent when the read models are in MongoDB. */
  abstract readonly readModels?: Database.Database;
  /**
   * CRM_SQLITE_WRITER=thread with the log in this file: where the log's appends and the
   * Idempotency-Key records are committed, instead of on `db` and `idempotencyKeys`.
   */
  abstract readonly writer?: WriterThread;
}

export async function openDataFile(config: AppConfig): Promise<SqliteDatabase> {
  const file = inDataDir(config, DATA_FILES.log);
  const db = openInDataDir(file, config.sqliteSynchronous);
  const idempotencyKeys = openInDataDir(file, 'normal');
  const opened = [db, idempotencyKeys];
  try {
    const readModels = config.mongo ? undefined : openReadModelsFile(config);
    if (readModels) opened.push(readModels);
    // With EventStoreDB the log's commits are elsewhere: nothing here is worth a thread. A projector
    // on the server's own loop (in-process, for tests and one-loop set-ups) keeps every write on that
    // loop too, as it always has (not measured with the thread since the read models' own file).
    const inline = config.sqliteWriter === 'inline' || config.projector === 'in-process' || config.eventStore.driver !== 'sqlite';
    if (inline) return { db, idempotencyKeys, readModels };
    return { db, idempotencyKeys, readModels, writer: await WriterThread.start({ file, synchronous: config.sqliteSynchronous }) };
  } catch (error) {
    for (const connection of opened) connection.close();
    throw error;
  }
}

/**
 * The read models' file, at NORMAL. Read models that an earlier version kept in crm.sqlite are
 * moved into it on first open (with their checkpoints: nothing is rebuilt).
 */
export function openReadModelsFile(config: AppConfig): Database.Database {
  const readModels = openInDataDir(inDataDir(config, DATA_FILES.readModels), 'normal');
  try {
    const moved = moveReadModelsIn(readModels, join(config.dataDir, DATA_FILES.log));
    if (moved !== undefined) new Logger('DataFiles').log(`moved ${moved} read-model documents and their checkpoints from ${DATA_FILES.log} into ${DATA_FILES.readModels}`);
  } catch (error) {
    readModels.close();
    throw new ConfigError(`CRM_DATA_DIR: cannot move the read models out of ${DATA_FILES.log}: ${(error as Error).message}`);
  }
  return readModels;
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
