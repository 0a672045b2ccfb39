import type Database from 'better-sqlite3';
import { ClaimResult, IdempotencyRecord, IdempotencyStore } from '../idempotency-store.port';

interface Row {
  fingerprint: string;
  command_id: string | null;
  origin_command_id: string | null;
  state: 'pending' | 'done';
  status: bigint | null;
  body: string | null;
  created_at: bigint;
}

const COMPLETE = `UPDATE idempotency_keys SET state = 'done', status = ?, body = ? WHERE scope = ?`;

export class SqliteIdempotencyStore extends IdempotencyStore {
  private readonly statements;
  private readonly completeDurably;

  /**
   * `durable`: a connection to the same file at synchronous=FULL for the outcomes no commit of the
   * log follows (refusals: nothing was appended), when `db` itself does not sync (see the factory).
   */
  constructor(
    private readonly db: Database.Database,
    private readonly clock: () => number = Date.now,
    durable: Database.Database = db,
  ) {
    super();
    db.exec(`CREATE TABLE IF NOT EXISTS idempotency_keys (
      scope TEXT PRIMARY KEY,
      fingerprint TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
      status INTEGER,
      body TEXT,
      created_at INTEGER NOT NULL
    )`);
    // Data folders from before the column existed gain it here.
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(idempotency_keys)').all().map((c) => c.name);
    if (!columns.includes('command_id')) db.exec('ALTER TABLE idempotency_keys ADD COLUMN command_id TEXT');
    // The command id the key's command first ran under (the claim's holder may change by takeover).
    if (!columns.includes('origin_command_id')) db.exec('ALTER TABLE idempotency_keys ADD COLUMN origin_command_id TEXT');
    this.statements = {
      get: db.prepare<[string], Row>('SELECT fingerprint, command_id, origin_command_id, state, status, body, created_at FROM idempotency_keys WHERE scope = ?'),
      insert: db.prepare<[string, string, string, string, number], unknown>(
        `INSERT INTO idempotency_keys (scope, fingerprint, command_id, origin_command_id, state, created_at) VALUES (?, ?, ?, ?, 'pending', ?)`,
      ),
      takeOver: db.prepare<[string, string, string, number, string], unknown>(
        `UPDATE idempotency_keys SET fingerprint = ?, command_id = ?, origin_command_id = ?, created_at = ? WHERE scope = ? AND state = 'pending'`,
      ),
      complete: db.prepare<[number, string, string], unknown>(COMPLETE),
      renew: db.prepare<[number, string, string], unknown>(`UPDATE idempotency_keys SET created_at = ? WHERE scope = ? AND state = 'pending' AND command_id = ?`),
      release: db.prepare<[string, string], unknown>(`DELETE FROM idempotency_keys WHERE scope = ? AND state = 'pending' AND command_id = ?`),
      purge: db.prepare<[number], unknown>('DELETE FROM idempotency_keys WHERE created_at < ?'),
    };
    this.completeDurably = durable === db ? this.statements.complete : durable.prepare<[number, string, string], unknown>(COMPLETE);
  }

  async claim(scope: string, fingerprint: string, commandId: string, staleAfterMs: number): Promise<ClaimResult> {
    const now = this.clock();
    const claim = this.db.transaction((): ClaimResult => {
      const row = this.statements.get.get(scope);
      if (!row) {
        this.statements.insert.run(scope, fingerprint, commandId, commandId, now);
        return { claimed: true };
      }
      if (row.state === 'pending' && row.fingerprint === fingerprint && now - Number(row.created_at) > staleAfterMs) {
        const origin = row.origin_command_id ?? row.command_id ?? commandId;
        this.statements.takeOver.run(fingerprint, commandId, origin, now, scope);
        return { claimed: true, abandonedCommandId: row.origin_command_id ?? row.command_id ?? undefined };
      }
      return { claimed: false, record: toRecord(row) };
    });
    return claim.immediate();
  }

  async complete(scope: string, status: number, body: string): Promise<void> {
    (status >= 300 ? this.completeDurably : this.statements.complete).run(status, body, scope);
  }

  async renew(scope: string, commandId: string): Promise<boolean> {
    return (this.statements.renew.run(this.clock(), scope, commandId) as Database.RunResult).changes === 1;
  }

  async release(scope: string, commandId: string): Promise<void> {
    this.statements.release.run(scope, commandId);
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    return Number((this.statements.purge.run(cutoff.getTime()) as Database.RunResult).changes);
  }
}

const toRecord = (row: Row): IdempotencyRecord => ({
  fingerprint: row.fingerprint,
  state: row.state,
  status: row.status === null ? undefined : Number(row.status),
  body: row.body ?? undefined,
});
