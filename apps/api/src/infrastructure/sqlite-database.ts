import { openSqlite } from '@crm/event-store';
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';

/** The embedded default keeps everything in one SQLite file under CRM_DATA_DIR. */
export abstract class SqliteDatabase {
  abstract readonly db: Database.Database;
}

export function openDataFile(config: AppConfig): SqliteDatabase {
  return { db: openSqlite(join(config.dataDir, 'crm.sqlite'), config.sqliteSynchronous) };
}
