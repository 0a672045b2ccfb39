import { Collection, Db, MongoClient, WriteConcern } from 'mongodb';
import { ClaimResult, IdempotencyRecord, IdempotencyStore } from '../idempotency-store.port';
import { isDuplicateKey } from './mongo-mapping';

interface IdempotencyDocument {
  _id: string;
  fingerprint: string;
  commandId: string;
  /** The command id the key's command first ran under (the claim's holder may change by takeover). */
  originCommandId?: string;
  state: 'pending' | 'done';
  status?: number;
  body?: string;
  createdAt: number;
}

/**
 * Idempotency-Key outcomes in MongoDB, shared by every API process. A claim is an insert of
 * the key's document (the unique `_id` lets exactly one of racing requests in); taking over a
 * stale claim is one conditional update, so two retries cannot both take it.
 */
export class MongoIdempotencyStore extends IdempotencyStore {
  private readonly keys: Collection<IdempotencyDocument>;
  private readonly db: Db;
  private indexed?: Promise<unknown>;

  constructor(
    db: Db,
    private readonly clock: () => number = Date.now,
    private readonly client?: MongoClient,
  ) {
    super();
    this.db = db;
    this.keys = db.collection<IdempotencyDocument>('idempotency_keys');
  }

  /** A recorded outcome must survive a primary failover, or a retry would run the command again. */
  static async connect(uri: string, database: string): Promise<MongoIdempotencyStore> {
    const client = await new MongoClient(uri, { writeConcern: new WriteConcern('majority') }).connect();
    return new MongoIdempotencyStore(client.db(database), Date.now, client);
  }

  /** Its own client: /health/ready must know that this one answers too. */
  override async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  override async close(): Promise<void> {
    await this.client?.close();
  }

  async claim(scope: string, fingerprint: string, commandId: string, staleAfterMs: number): Promise<ClaimResult> {
    // Forgotten when it fails, so one transient error does not fail every later claim.
    this.indexed ??= this.keys.createIndex({ createdAt: 1 }).catch((error: unknown) => {
      this.indexed = undefined;
      throw error;
    });
    await this.indexed;
    for (;;) {
      const now = this.clock();
      try {
        await this.keys.insertOne({ _id: scope, fingerprint, commandId, originCommandId: commandId, state: 'pending', createdAt: now });
        return { claimed: true };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      // The origin is kept (a pipeline update: the first run's id, or the holder's for older records).
      const abandoned = await this.keys.findOneAndUpdate(
        { _id: scope, state: 'pending', fingerprint, createdAt: { $lt: now - staleAfterMs } },
        [{ $set: { originCommandId: { $ifNull: ['$originCommandId', '$commandId'] }, commandId, createdAt: now } }],
        { returnDocument: 'before' },
      );
      if (abandoned) return { claimed: true, abandonedCommandId: abandoned.originCommandId ?? abandoned.commandId };
      const stored = await this.keys.findOne({ _id: scope });
      // Released between our insert and this read: claim it afresh.
      if (stored) return { claimed: false, record: toRecord(stored) };
    }
  }

  async complete(scope: string, status: number, body: string): Promise<void> {
    await this.keys.updateOne({ _id: scope }, { $set: { state: 'done', status, body } });
  }

  async renew(scope: string, commandId: string): Promise<boolean> {
    return (await this.keys.updateOne({ _id: scope, state: 'pending', commandId }, { $set: { createdAt: this.clock() } })).matchedCount === 1;
  }

  async release(scope: string, commandId: string): Promise<void> {
    await this.keys.deleteOne({ _id: scope, state: 'pending', commandId });
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    return (await this.keys.deleteMany({ createdAt: { $lt: cutoff.getTime() } })).deletedCount;
  }
}

const toRecord = (stored: IdempotencyDocument): IdempotencyRecord => ({
  fingerprint: stored.fingerprint,
  state: stored.state,
  status: stored.status,
  body: stored.body,
});
