import { IdempotencyStore, MongoIdempotencyStore, SqliteIdempotencyStore } from '@crm/read-store';
import { AppConfig } from '../config/app-config';
import { SqliteDatabase } from './sqlite-database';
import { ThreadedIdempotencyStore } from './writer-thread/threaded-idempotency-store';

/**
 * Idempotency-Key outcomes live beside the read models in MongoDB when it is configured, shared by
 * every API process. Else in the log's file, crm.sqlite: claims and successful outcomes on a
 * connection at synchronous=NORMAL (no fsync of their own) when the log is in that file: a
 * claim is then made durable by the log's own commit that follows it (one write-ahead log, synced
 * in order), and a success's outcome lost to a power cut leaves a stale claim, whose retry (after
 * CRM_IDEMPOTENCY_STALE_SECONDS) recovers the receipt from the log. A refusal appends nothing, so
 * its outcome commits on the durable connection. A log elsewhere (EventStoreDB) gives no such
 * commit: then every write goes through the durable connection.
 */
export async function createIdempotencyStore(config: AppConfig, sqlite: SqliteDatabase): Promise<IdempotencyStore> {
  if (config.mongo) return MongoIdempotencyStore.connect(config.mongo.uri, config.mongo.database);
  // The writer thread writes them the same way, over the same two connections (writer-thread.ts).
  if (sqlite.writer) return new ThreadedIdempotencyStore(sqlite.writer);
  if (config.eventStore.driver !== 'sqlite') return new SqliteIdempotencyStore(sqlite.db);
  return new SqliteIdempotencyStore(sqlite.idempotencyKeys, Date.now, sqlite.db);
}
