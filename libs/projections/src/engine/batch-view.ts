import { ReadDocument, ReadOperation, applyPatch } from '@crm/read-store';
import { owned } from './owned';
import { ProjectionView } from './projection';

type Loader = (collection: string, id: string) => Promise<ReadDocument | undefined>;

/**
 * The documents a batch touches, as the batch's own operations leave them: handlers read their
 * earlier writes from here before anything is committed. Collections are logical names.
 */
export class BatchView implements ProjectionView {
  private readonly documents = new Map<string, ReadDocument | null>();
  private readonly dirty = new Set<string>();

  constructor(private readonly load: Loader) {}

  private static key(collection: string, id: string): string {
    return `${collection}\u0000${id}`;
  }

  async get(collection: string, id: string): Promise<ReadDocument | undefined> {
    const key = BatchView.key(collection, id);
    if (!this.documents.has(key)) this.documents.set(key, owned(await this.load(collection, id)) ?? null);
    return this.documents.get(key) ?? undefined;
  }

  async apply(operation: ReadOperation): Promise<void> {
    const id = operation.type === 'upsert' ? operation.document.id : operation.id;
    const key = BatchView.key(operation.collection, id);
    this.dirty.add(key);
    switch (operation.type) {
      case 'upsert':
        // Not copied: handlers never mutate documents (see Projection.handle; checked under Jest).
        this.documents.set(key, owned(operation.document));
        return;
      case 'delete':
        this.documents.set(key, null);
        return;
      case 'patch':
        this.documents.set(key, owned(applyPatch(await this.get(operation.collection, id), operation)) ?? null);
        return;
      default: {
        const unknown: never = operation;
        throw new Error(`unknown operation ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** The final state of every touched document: one write each, whatever the batch did to it. */
  changes(): { collection: string; id: string; document: ReadDocument | null }[] {
    return [...this.dirty].map((key) => {
      const [collection, id] = key.split('\u0000');
      return { collection, id, document: this.documents.get(key) ?? null };
    });
  }
}
