import type Database from 'better-sqlite3';
import { DataKeyRecord, FoundKeys, KeyStore, SubjectForgottenError } from '../key-store.port';

interface KeyRow {
  key_id: string;
  subject: string;
  owner: string;
  wrapped: string;
  master_key_id: string;
  created_at: string;
}

const toRecord = (row: KeyRow): DataKeyRecord => ({
  keyId: row.key_id,
  subject: row.subject,
  owner: row.owner,
  wrapped: row.wrapped,
  masterKeyId: row.master_key_id,
  createdAt: row.created_at,
});

/**
 * Data keys in a SQLite file of their own (`keys.sqlite`), so that backups of the event log
 * never carry keys. `secure_delete` overwrites a destroyed key's bytes in the file, and the
 * WAL is truncated after forgetting so no older copy of the page lingers there.
 */
export class SqliteKeyStore extends KeyStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    super();
    db.pragma('secure_delete = ON');
    db.exec(`
      CREATE TABLE IF NOT EXISTS data_keys (
        key_id TEXT PRIMARY KEY,
        subject TEXT NOT NULL UNIQUE,
        owner TEXT NOT NULL,
        wrapped TEXT NOT NULL,
        master_key_id TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS data_keys_owner ON data_keys (owner);
      CREATE INDEX IF NOT EXISTS data_keys_master ON data_keys (master_key_id);
      CREATE TABLE IF NOT EXISTS destroyed_keys (
        key_id TEXT PRIMARY KEY,
        subject TEXT NOT NULL,
        owner TEXT NOT NULL,
        destroyed_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS destroyed_keys_subject ON destroyed_keys (subject);
      CREATE TABLE IF NOT EXISTS forgotten_owners (owner TEXT PRIMARY KEY, forgotten_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS key_store_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    this.statements = {
      bySubject: db.prepare<[string], KeyRow>('SELECT * FROM data_keys WHERE subject = ?'),
      // One statement for any number of ids: the ids go in as one JSON array.
      byIds: db.prepare<[string], KeyRow>('SELECT * FROM data_keys WHERE key_id IN (SELECT value FROM json_each(?))'),
      destroyedByIds: db.prepare<[string], { key_id: string }>('SELECT key_id FROM destroyed_keys WHERE key_id IN (SELECT value FROM json_each(?))'),
      insert: db.prepare<[string, string, string, string, string, string]>(
        'INSERT INTO data_keys (key_id, subject, owner, wrapped, master_key_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      move: db.prepare<[string, string]>('UPDATE data_keys SET owner = ? WHERE subject = ?'),
      forgotten: db.prepare<[string], { owner: string }>('SELECT owner FROM forgotten_owners WHERE owner = ?'),
      destroyedSubject: db.prepare<[string], { key_id: string }>('SELECT key_id FROM destroyed_keys WHERE subject = ? LIMIT 1'),
      tombstones: db.prepare<[string, string]>(
        'INSERT OR IGNORE INTO destroyed_keys (key_id, subject, owner, destroyed_at) SELECT key_id, subject, owner, ? FROM data_keys WHERE owner = ?',
      ),
      destroy: db.prepare<[string]>('DELETE FROM data_keys WHERE owner = ?'),
      forget: db.prepare<[string, string]>('INSERT OR IGNORE INTO forgotten_owners (owner, forgotten_at) VALUES (?, ?)'),
      notWrappedBy: db.prepare<[string, number], KeyRow>('SELECT * FROM data_keys WHERE master_key_id <> ? ORDER BY key_id LIMIT ?'),
      rewrap: db.prepare<[string, string, string]>('UPDATE data_keys SET wrapped = ?, master_key_id = ? WHERE key_id = ?'),
      masterKeyIds: db.prepare<[], { master_key_id: string }>('SELECT DISTINCT master_key_id FROM data_keys'),
      meta: db.prepare<[string], { value: string }>('SELECT value FROM key_store_meta WHERE name = ?'),
      saveMeta: db.prepare<[string, string]>('INSERT INTO key_store_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),
    };
  }

  async keyForSubject(candidate: DataKeyRecord): Promise<DataKeyRecord> {
    const s = this.statements;
    // Nearly every call finds the subject's key, already with this owner: no write lock for that.
    // (Forgetting deletes an owner's keys in one transaction, so a key found is not forgotten.)
    const found = s.bySubject.get(candidate.subject);
    if (found && found.owner === candidate.owner) return toRecord(found);
    return this.db
      .transaction(() => {
        if (s.forgotten.get(candidate.owner) || s.destroyedSubject.get(candidate.subject)) {
          throw new SubjectForgottenError(s.forgotten.get(candidate.owner) ? candidate.owner : candidate.subject);
        }
        const stored = s.bySubject.get(candidate.subject);
        if (!stored) {
          s.insert.run(candidate.keyId, candidate.subject, candidate.owner, candidate.wrapped, candidate.masterKeyId, candidate.createdAt);
          return candidate;
        }
        if (stored.owner !== candidate.owner) s.move.run(candidate.owner, candidate.subject);
        return { ...toRecord(stored), owner: candidate.owner };
      })
      .immediate();
  }

  async findKeys(keyIds: readonly string[]): Promise<FoundKeys> {
    const found = this.statements.byIds.all(JSON.stringify(keyIds)).map(toRecord);
    const present = new Set(found.map((key) => key.keyId));
    const missing = keyIds.filter((id) => !present.has(id));
    const destroyed = missing.length ? this.statements.destroyedByIds.all(JSON.stringify(missing)).map((row) => row.key_id) : [];
    return { found, destroyed };
  }

  async forget(owner: string, at: string): Promise<number> {
    const s = this.statements;
    const destroyed = this.db
      .transaction(() => {
        s.forget.run(owner, at);
        s.tombstones.run(at, owner);
        return s.destroy.run(owner).changes;
      })
      .immediate();
    // Fold the WAL back into the file and truncate it: the WAL still holds the pages as they were
    // before the delete. Another connection reading at this moment keeps the WAL; the next
    // forget (or SQLite's own checkpoint) truncates it then.
    if (destroyed > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return destroyed;
  }

  async keysNotWrappedBy(masterKeyId: string, limit: number): Promise<DataKeyRecord[]> {
    return this.statements.notWrappedBy.all(masterKeyId, limit).map(toRecord);
  }

  async rewrap(keyId: string, wrapped: string, masterKeyId: string): Promise<void> {
    this.statements.rewrap.run(wrapped, masterKeyId, keyId);
  }

  async masterKeyIds(): Promise<string[]> {
    return this.statements.masterKeyIds.all().map((row) => row.master_key_id);
  }

  async shreddedUpTo(): Promise<string | undefined> {
    return this.statements.meta.get('shredded_up_to')?.value;
  }

  async saveShreddedUpTo(position: string): Promise<void> {
    this.statements.saveMeta.run('shredded_up_to', position);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
