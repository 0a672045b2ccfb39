import { MongoReadStore, ReadStore, SqliteReadStore } from '@crm/read-store';
import { AppConfig } from '../config/app-config';
import { SqliteDatabase } from './sqlite-database';

/** The one place the read store is chosen: MongoDB when MONGODB_URI is set, else the SQLite data file. */
export async function createReadStore(config: AppConfig, sqlite: SqliteDatabase): Promise<ReadStore> {
  if (config.mongo) return MongoReadStore.connect(config.mongo.uri, config.mongo.database);
  if (!sqlite.readModels) throw new Error('the read models file was not opened'); // openDataFile opens it whenever MongoDB is not configured
  return new SqliteReadStore(sqlite.readModels);
}
