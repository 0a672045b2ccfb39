import type { AnyBulkWriteOperation, Filter as MongoFilter } from 'mongodb';

/** How a read document is stored: our id as a string _id. */
export interface StoredDocument {
  _id: string;
  [field: string]: unknown;
}
import { assertFieldName } from '../apply-patch';
import { CursorPosition } from '../cursor';
import { FieldValue, Filter, ReadDocument, ReadOperation, isRange } from '../read-store.port';

/** Our documents keep `id`; MongoDB keeps it as `_id`. `_pos` is the idempotency guard (see below). */
export function toStored(document: ReadDocument): StoredDocument {
  const { id, ...fields } = document;
  return { _id: id, ...fields };
}

export function fromStored(stored: StoredDocument): ReadDocument {
  const { _id, _pos: _guard, ...fields } = stored;
  return { id: String(_id), ...fields };
}

/** Equality, membership ($in) and ranges on top-level fields. */
export function toMongoFilter(filter: Filter = {}): MongoFilter<StoredDocument> {
  const query: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(filter)) {
    assertFieldName(field);
    if (Array.isArray(value)) query[field] = { $in: value };
    else if (isRange(value)) {
      const bounds: Record<string, number> = {};
      for (const [bound, limit] of Object.entries(value)) if (limit !== undefined) bounds[`$${bound}`] = limit;
      query[field] = bounds;
    } else query[field] = value;
  }
  return query as MongoFilter<StoredDocument>;
}

/**
 * Documents after (value, id) in the sort order, with the same null rules as SQLite: nulls and
 * missing fields come first ascending and last descending, ties broken by id.
 */
export function keysetFilter(field: string | undefined, direction: 'asc' | 'desc', after: CursorPosition): MongoFilter<StoredDocument> {
  const id = after.id;
  if (field === undefined) return { _id: direction === 'asc' ? { $gt: id } : { $lt: id } };
  const value: FieldValue = after.value;
  if (direction === 'asc') {
    return value === null
      ? { $or: [{ [field]: { $ne: null } }, { [field]: null, _id: { $gt: id } }] }
      : { $or: [{ [field]: { $gt: value } }, { [field]: value, _id: { $gt: id } }] };
  }
  return value === null
    ? { [field]: null, _id: { $lt: id } }
    : { $or: [{ [field]: { $lt: value } }, { [field]: value, _id: { $lt: id } }, { [field]: null }] };
}

/** Positions compare as numbers of any size; as fixed-width strings they also compare in MongoDB. */
export const guardPosition = (position: string) => position.padStart(40, '0');

/**
 * One read operation as a bulk write. With `position` (servers without transactions), every
 * write only touches a document not yet at that position and stamps it, so a batch replayed
 * after a crash changes nothing twice; a guarded upsert that finds the document already at the
 * position fails with E11000, which the adapter treats as "already applied".
 */
export function toWriteModel(operation: ReadOperation, position?: string): AnyBulkWriteOperation<StoredDocument> {
  const stamp = position === undefined ? {} : { _pos: guardPosition(position) };
  const guard = position === undefined ? {} : { $or: [{ _pos: { $exists: false } }, { _pos: { $lt: guardPosition(position) } }] };
  switch (operation.type) {
    case 'upsert': {
      const { _id, ...fields } = toStored(operation.document);
      return { replaceOne: { filter: { _id, ...guard }, replacement: { ...fields, ...stamp }, upsert: true } };
    }
    case 'patch': {
      const update: Record<string, Record<string, unknown>> = {};
      const set = { ...(operation.set ?? {}), ...stamp };
      if (Object.keys(set).length) update.$set = set;
      if (operation.inc && Object.keys(operation.inc).length) update.$inc = operation.inc;
      if (operation.push && Object.keys(operation.push).length) update.$push = operation.push;
      if (operation.remove?.length) update.$unset = Object.fromEntries(operation.remove.map((field) => [field, '']));
      for (const field of [...Object.keys(operation.set ?? {}), ...Object.keys(operation.inc ?? {}), ...Object.keys(operation.push ?? {}), ...(operation.remove ?? [])]) {
        assertFieldName(field);
      }
      return { updateOne: { filter: { _id: operation.id, ...guard }, update, upsert: operation.upsert ?? false } };
    }
    case 'delete':
      return { deleteOne: { filter: { _id: operation.id } } };
    default: {
      const unknown: never = operation;
      throw new Error(`unknown read operation ${JSON.stringify(unknown)}`);
    }
  }
}

/** Error codes: E11000 duplicate key, 20 IllegalOperation (no transactions on a standalone server). */
export const isDuplicateKey = (error: unknown) => (error as { code?: number })?.code === 11000;
export const isTransactionsUnsupported = (error: unknown) =>
  (error as { code?: number })?.code === 20 || /Transaction numbers are only allowed/.test(String((error as Error)?.message));
