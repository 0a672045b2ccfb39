import { ReadStore, SqliteReadStore } from '@crm/read-store';
import { AppConfig } from '../config/app-config';
import { SqliteDatabase } from './sqlite-database';

/** The one place the read store driver is chosen. */
export function createReadStore(config: AppConfig, sqlite: SqliteDatabase): ReadStore {
  if (config.mongo) {
    throw new Error('MONGODB_URI is set, but the MongoDB read store is not built yet; unset it to use the embedded SQLite read store');
  }
  return new SqliteReadStore(sqlite.readModels);
}
