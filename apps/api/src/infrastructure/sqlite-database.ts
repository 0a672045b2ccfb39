import { openSqlite } from '@crm/event-store';
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';

/**
 * The embedded default keeps everything in one SQLite file under CRM_DATA_DIR, over two
 * connections: the event log's at the configured durability (FULL by default), and the read
 * models' at NORMAL. Read models can always be rebuilt, and a read-model commit lost to a power
 * cut loses its checkpoint with it, so the projector simply applies those events again.
 */
export abstract class SqliteDatabase {
  abstract readonly db: Database.Database;
  abstract readonly readModels: Database.Database;
}

export function openDataFile(config: AppConfig): SqliteDatabase {
  const file = join(config.dataDir, 'crm.sqlite');
  return { db: openSqlite(file, config.sqliteSynchronous), readModels: openSqlite(file, 'normal') };
}
