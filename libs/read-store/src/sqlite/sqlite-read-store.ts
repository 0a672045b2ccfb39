import { Position } from '@crm/event-store';
import type Database from 'better-sqlite3';
import { applyPatch, assertFieldName } from '../apply-patch';
import { decodeCursor, encodeCursor } from '../cursor';
import { Checkpoint, Fence, FieldValue, Filter, FindQuery, IndexSpec, LeaseLostError, Page, ReadDocument, ReadOperation, ReadStore, isRange } from '../read-store.port';

export const READ_STORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS read_documents (
  collection TEXT NOT NULL,
  id         TEXT NOT NULL,
  body       TEXT NOT NULL,
  PRIMARY KEY (collection, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name     TEXT PRIMARY KEY,
  position TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS projection_leases (
  name       TEXT PRIMARY KEY,
  owner      TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
`;

const COLLECTION = /^[A-Za-z0-9_.@-]{1,100}$/;
const assertCollection = (collection: string) => {
  if (!COLLECTION.test(collection)) throw new Error(`invalid collection name '${collection}'`);
};
/**
 * The collection as an SQL literal (safe: the name pattern has no quote). Finds name it literally,
 * not as a parameter, so that SQLite can use the collection's partial indexes (see ensureIndexes).
 */
const inCollection = (collection: string) => {
  assertCollection(collection);
  return `collection = '${collection}'`;
};
const indexName = (collection: string, fields: string[]) => `rdp_${collection}_${fields.join('_')}`.replace(/[^A-Za-z0-9_]/g, '_');
const path = (field: string) => {
  assertFieldName(field);
  return `json_extract(body, '$.${field}')`;
};
/**
 * Bodies are stored as SQLite's binary JSON (jsonb), read back as text. Every upsert evaluates
 * each of its collection's index expressions on the old row and the new: on text that is a parse
 * of the whole document per expression, on jsonb a walk to the field. Bodies written as text by
 * earlier versions stay valid: json_extract and json() take both forms.
 */
const asText = 'json(body)';
/** SQLite has no booleans: json_extract yields 1/0 for true/false, so bind them that way. */
const bindable = (value: FieldValue) => (typeof value === 'boolean' ? (value ? 1 : 0) : value);

/**
 * Read models in the embedded SQLite file: one row per document with its JSON body;
 * finds filter and sort on json_extract expressions, which declared indexes cover.
 */
export class SqliteReadStore extends ReadStore {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: () => number = Date.now,
  ) {
    super();
    db.exec(READ_STORE_SCHEMA);
    this.statements = {
      get: db.prepare<[string, string], { body: string }>(`SELECT ${asText} AS body FROM read_documents WHERE collection = ? AND id = ?`),
      put: db.prepare<[string, string, string], unknown>('INSERT INTO read_documents (collection, id, body) VALUES (?, ?, jsonb(?)) ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body'),
      delete: db.prepare<[string, string], unknown>('DELETE FROM read_documents WHERE collection = ? AND id = ?'),
      drop: db.prepare<[string], unknown>('DELETE FROM read_documents WHERE collection = ?'),
      getCheckpoint: db.prepare<[string], { position: string }>('SELECT position FROM projection_checkpoints WHERE name = ?'),
      putCheckpoint: db.prepare<[string, string], unknown>(
        'INSERT INTO projection_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
      ),
      getLease: db.prepare<[string], { owner: string; expires_at: bigint }>('SELECT owner, expires_at FROM projection_leases WHERE name = ?'),
      putLease: db.prepare<[string, string, number], unknown>(
        'INSERT INTO projection_leases (name, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at',
      ),
      releaseLease: db.prepare<[string, string], unknown>('DELETE FROM projection_leases WHERE name = ? AND owner = ?'),
    };
  }

  async get(collection: string, id: string): Promise<ReadDocument | undefined> {
    return this.getSync(collection, id);
  }

  private getSync(collection: string, id: string): ReadDocument | undefined {
    const row = this.statements.get.get(collection, id);
    return row ? JSON.parse(row.body) : undefined;
  }

  async find(collection: string, query: FindQuery): Promise<Page> {
    const { clauses, params } = this.whereClauses(collection, query.where);
    const direction = query.sort?.direction === 'desc' ? 'DESC' : 'ASC';
    const sortExpr = query.sort ? path(query.sort.field) : 'id';
    if (query.cursor !== undefined) {
      const after = decodeCursor(query.cursor);
      const [clause, cursorParams] = keysetClause(sortExpr, direction, after.value, after.id, query.sort !== undefined);
      clauses.push(clause);
      params.push(...cursorParams);
    }
    const sql = `SELECT ${asText} AS body FROM read_documents WHERE ${clauses.join(' AND ')} ORDER BY ${sortExpr} ${direction}, id ${direction} LIMIT ?`;
    const rows = this.db.prepare<unknown[], { body: string }>(sql).all(...params, query.limit + 1);
    const items: ReadDocument[] = rows.slice(0, query.limit).map((row) => JSON.parse(row.body));
    const last = items[items.length - 1];
    const more = rows.length > query.limit;
    const sortValue = (doc: ReadDocument) => (query.sort ? ((doc[query.sort.field] as FieldValue | undefined) ?? null) : doc.id);
    return { items, nextCursor: more && last ? encodeCursor({ value: sortValue(last), id: last.id }) : null };
  }

  private whereClauses(collection: string, where: Filter = {}): { clauses: string[]; params: unknown[] } {
    const clauses = [inCollection(collection)];
    const params: unknown[] = [];
    for (const [field, value] of Object.entries(where)) {
      if (isRange(value)) {
        const bounds = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
        for (const [bound, operator] of Object.entries(bounds)) {
          const limit = value[bound as keyof typeof bounds];
          if (limit === undefined) continue;
          clauses.push(`${path(field)} ${operator} ?`);
          params.push(limit);
        }
      } else if (Array.isArray(value)) {
        if (value.length === 0) clauses.push('0');
        else {
          clauses.push(`${path(field)} IN (${value.map(() => '?').join(', ')})`);
          params.push(...value.map(bindable));
        }
      } else if (value === null) clauses.push(`${path(field)} IS NULL`);
      else {
        clauses.push(`${path(field)} = ?`);
        params.push(bindable(value as FieldValue));
      }
    }
    return { clauses, params };
  }

  async count(collection: string, where?: Filter): Promise<number> {
    const { clauses, params } = this.whereClauses(collection, where);
    const row = this.db.prepare<unknown[], { n: bigint }>(`SELECT COUNT(*) AS n FROM read_documents WHERE ${clauses.join(' AND ')}`).get(...params);
    return Number(row?.n ?? 0);
  }

  async sum(collection: string, field: string, where?: Filter): Promise<number> {
    const { clauses, params } = this.whereClauses(collection, where);
    const sql = `SELECT TOTAL(${path(field)}) AS total FROM read_documents WHERE ${clauses.join(' AND ')}`;
    return Number(this.db.prepare<unknown[], { total: number }>(sql).get(...params)?.total ?? 0);
  }

  async valueAtRank(collection: string, field: string, rank: number, where?: Filter): Promise<number | undefined> {
    const { clauses, params } = this.whereClauses(collection, where);
    const sql = `SELECT ${path(field)} AS value FROM read_documents WHERE ${clauses.join(' AND ')} ORDER BY ${path(field)} DESC LIMIT 1 OFFSET ?`;
    const row = this.db.prepare<unknown[], { value: number | bigint | null }>(sql).get(...params, rank);
    return row?.value === undefined || row.value === null ? undefined : Number(row.value);
  }

  async countGreaterThan(collection: string, field: string, value: number, where?: Filter): Promise<number> {
    const { clauses, params } = this.whereClauses(collection, where);
    clauses.push(`${path(field)} > ?`);
    const sql = `SELECT COUNT(*) AS n FROM read_documents WHERE ${clauses.join(' AND ')}`;
    const row = this.db.prepare<unknown[], { n: bigint }>(sql).get(...params, value);
    return Number(row?.n ?? 0);
  }

  async ensureIndexes(collection: string, indexes: IndexSpec[]): Promise<void> {
    assertCollection(collection);
    for (const { fields } of indexes) {
      // Partial expression indexes: the same json_extract expressions find() uses, holding only
      // this collection's rows. A full index (every collection's rows) costs every write to any
      // read model an entry in each of the ~20 indexes; this way a write maintains its own few.
      this.db.exec(`DROP INDEX IF EXISTS "${indexName(collection, fields).replace(/^rdp_/, 'rd_')}"`); // the full index of earlier versions
      this.db.exec(`CREATE INDEX IF NOT EXISTS "${indexName(collection, fields)}" ON read_documents (${fields.map(path).join(', ')}) WHERE ${inCollection(collection)}`);
    }
  }

  async applyBatch(operations: readonly ReadOperation[], checkpoint?: Checkpoint, fence?: Fence): Promise<void> {
    const apply = this.db.transaction(() => {
      if (fence) {
        const lease = this.statements.getLease.get(fence.lease);
        if (!lease || lease.owner !== fence.owner) throw new LeaseLostError(fence.lease, fence.owner);
      }
      for (const operation of operations) this.applyOne(operation);
      if (checkpoint) this.statements.putCheckpoint.run(checkpoint.name, checkpoint.position);
    });
    apply.immediate();
  }

  private applyOne(operation: ReadOperation): void {
    assertCollection(operation.collection);
    switch (operation.type) {
      case 'upsert':
        this.statements.put.run(operation.collection, operation.document.id, JSON.stringify(operation.document));
        return;
      case 'patch': {
        const next = applyPatch(this.getSync(operation.collection, operation.id), operation);
        if (next) this.statements.put.run(operation.collection, operation.id, JSON.stringify(next));
        return;
      }
      case 'delete':
        this.statements.delete.run(operation.collection, operation.id);
        return;
      default: {
        const unknown: never = operation;
        throw new Error(`unknown read operation ${JSON.stringify(unknown)}`);
      }
    }
  }

  async getCheckpoint(name: string): Promise<Position | undefined> {
    return this.statements.getCheckpoint.get(name)?.position;
  }

  async tryAcquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const acquire = this.db.transaction(() => {
      const now = this.clock();
      const lease = this.statements.getLease.get(name);
      if (lease && lease.owner !== owner && Number(lease.expires_at) > now) return false;
      this.statements.putLease.run(name, owner, now + ttlMs);
      return true;
    });
    return acquire.immediate();
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    this.statements.releaseLease.run(name, owner);
  }

  async leaseHeld(name: string): Promise<boolean> {
    const lease = this.statements.getLease.get(name);
    return lease !== undefined && Number(lease.expires_at) > this.clock();
  }

  async dropCollection(collection: string): Promise<void> {
    assertCollection(collection);
    this.statements.drop.run(collection);
    // Its partial indexes are the ones whose definition ends with its WHERE clause.
    const indexes = this.db
      .prepare<{ tail: string }, { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'read_documents' AND substr(sql, -length(@tail)) = @tail`)
      .all({ tail: `WHERE ${inCollection(collection)}` });
    for (const { name } of indexes) this.db.exec(`DROP INDEX IF EXISTS "${name}"`);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** Rows after (value, id) in the given order; SQLite sorts NULL first ascending and last descending. */
function keysetClause(expr: string, direction: 'ASC' | 'DESC', value: FieldValue, id: string, sorted: boolean): [string, unknown[]] {
  if (!sorted) return [direction === 'ASC' ? 'id > ?' : 'id < ?', [id]];
  if (direction === 'ASC') {
    return value === null
      ? [`(${expr} IS NOT NULL OR id > ?)`, [id]]
      : [`(${expr} > ? OR (${expr} = ? AND id > ?))`, [bindable(value), bindable(value), id]];
  }
  return value === null
    ? [`(${expr} IS NULL AND id < ?)`, [id]]
    : [`(${expr} < ? OR (${expr} = ? AND id < ?) OR ${expr} IS NULL)`, [bindable(value), bindable(value), id]];
}
