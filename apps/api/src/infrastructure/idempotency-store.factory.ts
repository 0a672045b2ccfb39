import { IdempotencyStore, MongoIdempotencyStore, SqliteIdempotencyStore } from '@crm/read-store';
import { AppConfig } from '../config/app-config';
import { SqliteDatabase } from './sqlite-database';

/** Idempotency-Key outcomes live beside the read models: in MongoDB when it is configured, shared by every API process. */
export async function createIdempotencyStore(config: AppConfig, sqlite: SqliteDatabase): Promise<IdempotencyStore> {
  return config.mongo ? MongoIdempotencyStore.connect(config.mongo.uri, config.mongo.database) : new SqliteIdempotencyStore(sqlite.db);
}
