import { Collection, Db, MongoClient, MongoServerError, WriteConcern } from 'mongodb';
import { DataKeyRecord, FoundKeys, KeyStore, SubjectForgottenError } from '../key-store.port';

/** A destroyed key must stay destroyed after a primary failover. */
const MAJORITY = new WriteConcern('majority');

interface KeyDocument {
  _id: string;
  subject: string;
  owner: string;
  wrapped: string;
  masterKeyId: string;
  createdAt: string;
}
interface DestroyedDocument {
  _id: string;
  subject: string;
  owner: string;
  destroyedAt: string;
}

const toRecord = ({ _id, ...rest }: KeyDocument): DataKeyRecord => ({ keyId: _id, ...rest });
const isDuplicateKey = (error: unknown) => error instanceof MongoServerError && error.code === 11000;

/**
 * Data keys in MongoDB (when MONGODB_URI is set). Without multi-document transactions the
 * order of writes carries the guarantees: `forget` marks the owner forgotten before it
 * destroys keys, and `keyForSubject` checks again after writing, so a key created while its
 * owner is being forgotten is destroyed rather than kept.
 */
export class MongoKeyStore extends KeyStore {
  private indexed: Promise<unknown> | undefined;

  constructor(
    private readonly db: Db,
    private readonly client?: MongoClient,
  ) {
    super();
  }

  static async connect(uri: string, database: string): Promise<MongoKeyStore> {
    const client = await new MongoClient(uri, { writeConcern: MAJORITY }).connect();
    return new MongoKeyStore(client.db(database), client);
  }

  private get keys(): Collection<KeyDocument> {
    return this.db.collection<KeyDocument>('personal_data_keys');
  }
  private get destroyedKeys(): Collection<DestroyedDocument> {
    return this.db.collection<DestroyedDocument>('personal_data_destroyed_keys');
  }
  private get forgotten(): Collection<{ _id: string; forgottenAt: string }> {
    return this.db.collection('personal_data_forgotten');
  }
  private get meta(): Collection<{ _id: string; value: string }> {
    return this.db.collection('personal_data_meta');
  }

  private ready(): Promise<unknown> {
    this.indexed ??= Promise.all([
      this.keys.createIndex({ subject: 1 }, { unique: true }),
      this.keys.createIndex({ owner: 1 }),
      this.keys.createIndex({ masterKeyId: 1 }),
      this.destroyedKeys.createIndex({ subject: 1 }),
    ]);
    return this.indexed;
  }

  private async refuseIfForgotten(candidate: DataKeyRecord): Promise<void> {
    if (await this.forgotten.findOne({ _id: candidate.owner })) throw new SubjectForgottenError(candidate.owner);
    if (await this.destroyedKeys.findOne({ subject: candidate.subject })) throw new SubjectForgottenError(candidate.subject);
  }

  async keyForSubject(candidate: DataKeyRecord): Promise<DataKeyRecord> {
    await this.ready();
    // Nearly every call finds the subject's key, already with this owner: one read.
    const found = await this.keys.findOne({ subject: candidate.subject, owner: candidate.owner });
    if (found) return toRecord(found);
    await this.refuseIfForgotten(candidate);
    const { keyId, owner, ...rest } = candidate;
    let stored: KeyDocument | null = null;
    for (let attempt = 0; stored === null; attempt++) {
      try {
        stored = await this.keys.findOneAndUpdate(
          { subject: candidate.subject },
          { $setOnInsert: { _id: keyId, ...rest }, $set: { owner } },
          { upsert: true, returnDocument: 'after' },
        );
      } catch (error) {
        // Two first writers of one subject: the loser's upsert hits the unique index; read the winner's.
        if (!isDuplicateKey(error) || attempt > 2) throw error;
      }
    }
    if (await this.forgotten.findOne({ _id: owner })) {
      await this.forget(owner, new Date().toISOString());
      throw new SubjectForgottenError(owner);
    }
    return toRecord(stored);
  }

  async findKeys(keyIds: readonly string[]): Promise<FoundKeys> {
    const unique = [...new Set(keyIds)];
    const found = (await this.keys.find({ _id: { $in: unique } }).toArray()).map(toRecord);
    const present = new Set(found.map((key) => key.keyId));
    const missing = unique.filter((id) => !present.has(id));
    const destroyed = missing.length ? (await this.destroyedKeys.find({ _id: { $in: missing } }).toArray()).map((doc) => doc._id) : [];
    return { found, destroyed };
  }

  async forget(owner: string, at: string): Promise<number> {
    await this.ready();
    await this.forgotten.updateOne({ _id: owner }, { $setOnInsert: { forgottenAt: at } }, { upsert: true });
    const doomed = await this.keys.find({ owner }).toArray();
    if (doomed.length === 0) return 0;
    await this.destroyedKeys.bulkWrite(
      doomed.map((key) => ({
        updateOne: {
          filter: { _id: key._id },
          update: { $setOnInsert: { subject: key.subject, owner: key.owner, destroyedAt: at } },
          upsert: true,
        },
      })),
    );
    const { deletedCount } = await this.keys.deleteMany({ owner });
    return deletedCount;
  }

  async keysNotWrappedBy(masterKeyId: string, limit: number): Promise<DataKeyRecord[]> {
    return (await this.keys.find({ masterKeyId: { $ne: masterKeyId } }).sort({ _id: 1 }).limit(limit).toArray()).map(toRecord);
  }

  async rewrap(keyId: string, wrapped: string, masterKeyId: string): Promise<void> {
    await this.keys.updateOne({ _id: keyId }, { $set: { wrapped, masterKeyId } });
  }

  async masterKeyIds(): Promise<string[]> {
    return (await this.keys.distinct('masterKeyId')) as string[];
  }

  async shreddedUpTo(): Promise<string | undefined> {
    return (await this.meta.findOne({ _id: 'shredded_up_to' }))?.value;
  }

  async saveShreddedUpTo(position: string): Promise<void> {
    await this.meta.updateOne({ _id: 'shredded_up_to' }, { $set: { value: position } }, { upsert: true });
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.client?.close();
  }
}
