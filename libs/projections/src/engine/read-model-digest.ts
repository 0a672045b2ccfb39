import { ReadStore } from '@crm/read-store';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { Projection } from './projection';
import { ProjectionCatalog } from './projection-catalog';

/** Every document of the given projections, collection by collection in id order, page by page. */
async function* readModelEntries(reads: ReadStore, projections: readonly Projection[]): AsyncGenerator<{ collection: string; document: unknown }> {
  const catalog = new ProjectionCatalog(reads);
  for (const projection of projections) {
    for (const { name } of projection.collections) {
      const collection = await catalog.collection(projection, name);
      let cursor: string | undefined;
      do {
        const page = await reads.find(collection, { limit: 1000, cursor });
        for (const document of page.items) yield { collection: `${projection.name}/${name}`, document };
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
  }
}

/**
 * A SHA-256 over every document of the given projections, in id order and canonical JSON:
 * equal digests mean byte-identical read models (rebuild determinism, crash recovery).
 */
export async function readModelDigest(reads: ReadStore, projections: readonly Projection[]): Promise<string> {
  const hash = createHash('sha256');
  let current: string | undefined;
  for await (const { collection, document } of readModelEntries(reads, projections)) {
    // The collection's name separates its documents from the next one's.
    if (collection !== current) hash.update(`\u0000${collection}\u0000`);
    current = collection;
    hash.update(canonicalize(document) ?? '').update('\n');
  }
  return hash.digest('hex');
}

/**
 * The same documents in memory, by `projection/collection`: for small read models, where a test's
 * failure should name the document that differs (a digest only says that something does).
 */
export async function readModelDocuments(reads: ReadStore, projections: readonly Projection[]): Promise<Record<string, unknown[]>> {
  const documents: Record<string, unknown[]> = {};
  for await (const { collection, document } of readModelEntries(reads, projections)) (documents[collection] ??= []).push(document);
  return documents;
}
