import { ReadStore } from '@crm/read-store';
import { Projection, checkpointName, physicalCollection } from './projection';

const REGISTRY = 'projection_registry';

/**
 * Which generation of each projection readers use. Readers resolve it per request, so a
 * switch is one document write: atomic for every reader, and no read ever sees a generation
 * that is still being built.
 */
export class ProjectionCatalog {
  constructor(private readonly reads: ReadStore) {}

  async activeGeneration(projection: Projection): Promise<number> {
    return (await this.entry(projection)).activeGeneration;
  }

  private async entry(projection: Projection): Promise<{ activeGeneration: number; lastGeneration: number }> {
    const entry = await this.reads.get(REGISTRY, checkpointName(projection));
    const active = typeof entry?.activeGeneration === 'number' ? entry.activeGeneration : 0;
    const last = typeof entry?.lastGeneration === 'number' ? entry.lastGeneration : active;
    return { activeGeneration: active, lastGeneration: last };
  }

  /** A generation never used before, so a rebuild never inherits a failed one's documents or checkpoint. */
  async allocateGeneration(projection: Projection): Promise<number> {
    const { activeGeneration, lastGeneration } = await this.entry(projection);
    const next = Math.max(activeGeneration, lastGeneration) + 1;
    await this.reads.applyBatch([{ type: 'upsert', collection: REGISTRY, document: { id: checkpointName(projection), activeGeneration, lastGeneration: next } }]);
    return next;
  }

  async collection(projection: Projection, name: string): Promise<string> {
    return physicalCollection(projection, name, await this.activeGeneration(projection));
  }

  async switchTo(projection: Projection, generation: number): Promise<void> {
    const { lastGeneration } = await this.entry(projection);
    await this.reads.applyBatch([
      { type: 'upsert', collection: REGISTRY, document: { id: checkpointName(projection), activeGeneration: generation, lastGeneration: Math.max(lastGeneration, generation) } },
    ]);
  }

  async dropGeneration(projection: Projection, generation: number): Promise<void> {
    for (const { name } of projection.collections) await this.reads.dropCollection(physicalCollection(projection, name, generation));
  }
}
