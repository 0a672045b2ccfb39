import { ReadDocument, ReadOperation } from './read-store.port';

type Patch = Extract<ReadOperation, { type: 'patch' }>;

/** The meaning of a patch, shared by every adapter that applies patches itself and by the engine's batch view. */
export function applyPatch(current: ReadDocument | undefined, patch: Patch): ReadDocument | undefined {
  if (!current && !patch.upsert) return undefined;
  const next: ReadDocument = { ...(current ?? { id: patch.id }) };
  for (const [field, value] of Object.entries(patch.set ?? {})) next[field] = value;
  for (const [field, amount] of Object.entries(patch.inc ?? {})) {
    const before = next[field];
    next[field] = (typeof before === 'number' ? before : 0) + amount;
  }
  for (const [field, value] of Object.entries(patch.push ?? {})) {
    const before = next[field];
    next[field] = [...(Array.isArray(before) ? before : []), value];
  }
  for (const field of patch.remove ?? []) delete next[field];
  next.id = patch.id;
  return next;
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Field names are interpolated into JSON paths and index names, so only plain identifiers are allowed. */
export function assertFieldName(field: string): void {
  if (!FIELD.test(field)) throw new Error(`invalid read-model field name '${field}'`);
}
