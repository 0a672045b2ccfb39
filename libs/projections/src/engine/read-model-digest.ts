import { ReadStore } from '@crm/read-store';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { Projection } from './projection';
import { ProjectionCatalog } from './projection-catalog';

/**
 * A SHA-256 over every document of the given projections, in id order and canonical JSON:
 * equal digests mean byte-identical read models (rebuild determinism, crash recovery).
 */
export async function readModelDigest(reads: ReadStore, projections: readonly Projection[]): Promise<string> {
  const hash = createHash('sha256');
  const catalog = new ProjectionCatalog(reads);
  for (const projection of projections) {
    for (const { name } of projection.collections) {
      const collection = await catalog.collection(projection, name);
      hash.update(`\u0000${name}\u0000`);
      let cursor: string | undefined;
      do {
        const page = await reads.find(collection, { limit: 1000, cursor });
        for (const document of page.items) hash.update(canonicalize(document) ?? '').update('\n');
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
  }
  return hash.digest('hex');
}
