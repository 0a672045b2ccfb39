import { IdempotencyStore, MongoIdempotencyStore, SqliteIdempotencyStore } from '@crm/read-store';
import { AppConfig } from '../config/app-config';
import { SqliteDatabase } from './sqlite-database';

/**
 * Idempotency-Key outcomes live beside the read models: in MongoDB when it is configured, shared by
 * every API process. In the data file they share the read models' connection (synchronous=NORMAL,
 * no fsync of its own) when the log is in the same file: a claim is then made durable by the
 * log's own commit that follows it (one write-ahead log, synced in order), and an outcome lost to a
 * power cut leaves a stale claim whose retry recovers the receipt from the log. A log elsewhere
 * (EventStoreDB) gives no such commit, so the claims then go through the durable connection.
 */
export async function createIdempotencyStore(config: AppConfig, sqlite: SqliteDatabase): Promise<IdempotencyStore> {
  if (config.mongo) return MongoIdempotencyStore.connect(config.mongo.uri, config.mongo.database);
  return new SqliteIdempotencyStore(config.eventStore.driver === 'sqlite' ? sqlite.readModels : sqlite.db);
}
