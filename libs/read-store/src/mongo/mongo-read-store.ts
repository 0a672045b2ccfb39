import { Position } from '@crm/event-store';
import { ClientSession, Collection, Db, MongoBulkWriteError, MongoClient, WriteConcern } from 'mongodb';
import { assertFieldName } from '../apply-patch';
import { decodeCursor, encodeCursor } from '../cursor';
import { Checkpoint, Fence, FieldValue, Filter, FindQuery, IndexSpec, LeaseLostError, Page, ReadDocument, ReadOperation, ReadStore } from '../read-store.port';
import { StoredDocument, fromStored, isDuplicateKey, isTransactionsUnsupported, keysetFilter, toMongoFilter, toWriteModel } from './mongo-mapping';

const COLLECTION = /^[A-Za-z0-9_.@-]{1,100}$/;
/** Checkpoints and read models must survive a primary failover (pitfalls.md: PSA sets default to w:1). */
const MAJORITY = new WriteConcern('majority');

interface CheckpointDocument {
  _id: string;
  position: string;
}
interface LeaseDocument {
  _id: string;
  owner: string;
  expiresAt: number;
}

/**
 * Read models in MongoDB: one collection per read-model collection (prefixed `rm_`). A batch
 * and its checkpoint commit in one transaction where the server has them (a replica set);
 * on a standalone server every write is guarded by the batch position stamped on each
 * document, so a batch replayed after a crash applies nothing twice.
 */
export class MongoReadStore extends ReadStore {
  private transactions: boolean | undefined;

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly clock: () => number = Date.now,
  ) {
    super();
  }

  static async connect(uri: string, database: string): Promise<MongoReadStore> {
    const client = await new MongoClient(uri, { writeConcern: MAJORITY }).connect();
    return new MongoReadStore(client, client.db(database));
  }

  private collection(name: string): Collection<StoredDocument> {
    if (!COLLECTION.test(name)) throw new Error(`invalid collection name '${name}'`);
    return this.db.collection<StoredDocument>(`rm_${name}`);
  }

  private get checkpoints(): Collection<CheckpointDocument> {
    return this.db.collection<CheckpointDocument>('projection_checkpoints');
  }

  private get leases(): Collection<LeaseDocument> {
    return this.db.collection<LeaseDocument>('projection_leases');
  }

  async get(collection: string, id: string): Promise<ReadDocument | undefined> {
    const stored = await this.collection(collection).findOne({ _id: id });
    return stored ? fromStored(stored) : undefined;
  }

  async find(collection: string, query: FindQuery): Promise<Page> {
    const field = query.sort?.field;
    if (field) assertFieldName(field);
    const direction = query.sort?.direction ?? 'asc';
    const order = direction === 'asc' ? 1 : -1;
    const filter = toMongoFilter(query.where);
    const conditions = query.cursor === undefined ? [filter] : [filter, keysetFilter(field, direction, decodeCursor(query.cursor))];
    const stored = await this.collection(collection)
      .find({ $and: conditions })
      .sort(field ? { [field]: order, _id: order } : { _id: order })
      .limit(query.limit + 1)
      .toArray();
    const items = stored.slice(0, query.limit).map(fromStored);
    const last = items[items.length - 1];
    const more = stored.length > query.limit;
    const sortValue = (doc: ReadDocument) => (field ? ((doc[field] as FieldValue | undefined) ?? null) : doc.id);
    return { items, nextCursor: more && last ? encodeCursor({ value: sortValue(last), id: last.id }) : null };
  }

  async count(collection: string, where?: Filter): Promise<number> {
    return this.collection(collection).countDocuments(toMongoFilter(where));
  }

  async countGreaterThan(collection: string, field: string, value: number, where?: Filter): Promise<number> {
    assertFieldName(field);
    return this.collection(collection).countDocuments({ $and: [toMongoFilter(where), { [field]: { $gt: value } }] });
  }

  async sum(collection: string, field: string, where?: Filter): Promise<number> {
    assertFieldName(field);
    const [result] = await this.collection(collection)
      .aggregate<{ total: number }>([{ $match: toMongoFilter(where) }, { $group: { _id: null, total: { $sum: `$${field}` } } }])
      .toArray();
    return result?.total ?? 0;
  }

  async valueAtRank(collection: string, field: string, rank: number, where?: Filter): Promise<number | undefined> {
    assertFieldName(field);
    const [stored] = await this.collection(collection).find(toMongoFilter(where)).sort({ [field]: -1 }).skip(rank).limit(1).toArray();
    const value = stored?.[field];
    return typeof value === 'number' ? value : undefined;
  }

  async ensureIndexes(collection: string, indexes: IndexSpec[]): Promise<void> {
    for (const { fields } of indexes) {
      fields.forEach(assertFieldName);
      // Named, so a changed definition is a new index instead of a clash at start-up (pitfalls.md).
      await this.collection(collection).createIndex(Object.fromEntries(fields.map((f) => [f, 1])), { name: `rd_${fields.join('_')}` });
    }
  }

  async applyBatch(operations: readonly ReadOperation[], checkpoint?: Checkpoint, fence?: Fence): Promise<void> {
    // Refuse a bad batch before writing anything: without transactions nothing could undo a part.
    for (const operation of operations) this.collection(operation.collection);
    if (this.transactions !== false) {
      try {
        await this.applyInTransaction(operations, checkpoint, fence);
        this.transactions = true;
        return;
      } catch (error) {
        if (!isTransactionsUnsupported(error)) throw error;
        this.transactions = false;
      }
    }
    await this.applyGuarded(operations, checkpoint, fence);
  }

  private async applyInTransaction(operations: readonly ReadOperation[], checkpoint?: Checkpoint, fence?: Fence): Promise<void> {
    const session = this.client.startSession();
    try {
      // withTransaction may run this again on a transient error: it only writes, so a rerun is safe.
      await session.withTransaction(async () => {
        if (fence) await this.checkFence(fence, session);
        await this.bulkWrite(operations, undefined, session);
        if (checkpoint) await this.saveCheckpoint(checkpoint, session);
      }, { writeConcern: MAJORITY });
    } finally {
      await session.endSession();
    }
  }

  private async applyGuarded(operations: readonly ReadOperation[], checkpoint?: Checkpoint, fence?: Fence): Promise<void> {
    if (fence) await this.checkFence(fence);
    await this.bulkWrite(operations, checkpoint?.position ?? '0');
    if (checkpoint) await this.saveCheckpoint(checkpoint);
  }

  private async bulkWrite(operations: readonly ReadOperation[], guard: string | undefined, session?: ClientSession): Promise<void> {
    const byCollection = new Map<string, ReadOperation[]>();
    for (const operation of operations) byCollection.set(operation.collection, [...(byCollection.get(operation.collection) ?? []), operation]);
    for (const [name, ops] of byCollection) {
      try {
        await this.collection(name).bulkWrite(ops.map((op) => toWriteModel(op, guard)), { ordered: guard === undefined, session });
      } catch (error) {
        // Guarded upserts of documents already at this position collide on _id: already applied.
        const onlyDuplicates = error instanceof MongoBulkWriteError && [error.writeErrors].flat().every((e) => e.code === 11000);
        if (!(guard !== undefined && (onlyDuplicates || isDuplicateKey(error)))) throw error;
      }
    }
  }

  private async saveCheckpoint(checkpoint: Checkpoint, session?: ClientSession): Promise<void> {
    await this.checkpoints.updateOne({ _id: checkpoint.name }, { $set: { position: checkpoint.position } }, { upsert: true, session });
  }

  private async checkFence(fence: Fence, session?: ClientSession): Promise<void> {
    const lease = await this.leases.findOne({ _id: fence.lease }, { session });
    if (!lease || lease.owner !== fence.owner) throw new LeaseLostError(fence.lease, fence.owner);
  }

  async getCheckpoint(name: string): Promise<Position | undefined> {
    return (await this.checkpoints.findOne({ _id: name }))?.position;
  }

  async tryAcquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.clock();
    try {
      await this.leases.updateOne(
        { _id: name, $or: [{ owner }, { expiresAt: { $lt: now } }] },
        { $set: { owner, expiresAt: now + ttlMs } },
        { upsert: true },
      );
      return true;
    } catch (error) {
      // Another owner holds an unexpired lease: the upsert's insert collides on _id.
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.leases.deleteOne({ _id: name, owner });
  }

  async leaseHeld(name: string): Promise<boolean> {
    return (await this.leases.countDocuments({ _id: name, expiresAt: { $gt: this.clock() } }, { limit: 1 })) > 0;
  }

  async dropCollection(collection: string): Promise<void> {
    await this.collection(collection).deleteMany({});
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
