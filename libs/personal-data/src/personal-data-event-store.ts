import { forgottenOwner } from '@crm/domain';
import {
  AppendResult,
  EventStore,
  EventSubscription,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  RecordedEvent,
  StreamVersion,
  SubscribeOptions,
} from '@crm/event-store';
import { PersonalDataVault } from './personal-data-vault';

/**
 * The event store as commands, reactors, time travel and auditors use it: personal fields are
 * sealed on the way in (so the store hashes ciphertext) and revealed on the way out. Appending
 * `CustomerForgotten` destroys the customer's keys right after the event is stored; the
 * KeyShredder finishes the job if the process dies in between.
 *
 * Projections read the store underneath instead: read models keep the sealed values, and the
 * API reveals them when it answers.
 */
export class PersonalDataEventStore extends EventStore {
  constructor(
    /** The store as stored: personal fields sealed. */
    readonly sealed: EventStore,
    private readonly vault: PersonalDataVault,
  ) {
    super();
  }

  async appendToStream(streamId: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    const result = await this.sealed.appendToStream(streamId, await this.vault.seal(events), options);
    for (const event of events) {
      const owner = forgottenOwner(event);
      if (owner !== undefined) await this.vault.forget(owner);
    }
    return result;
  }

  async readStream(streamId: string, options?: { fromVersion?: StreamVersion; maxCount?: number }): Promise<RecordedEvent[]> {
    return this.vault.reveal(await this.sealed.readStream(streamId, options));
  }

  override streamExists(streamId: string): Promise<boolean> {
    return this.sealed.streamExists(streamId);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.vault.reveal(await this.sealed.readAll(options));
  }

  subscribeToAll(options?: SubscribeOptions): EventSubscription {
    const inner = this.sealed.subscribeToAll(options);
    const vault = this.vault;
    return {
      close: () => inner.close(),
      async *[Symbol.asyncIterator]() {
        for await (const event of inner) yield await vault.reveal(event);
      },
    };
  }

  headPosition(): Promise<Position | null> {
    return this.sealed.headPosition();
  }

  ping(): Promise<void> {
    return this.sealed.ping();
  }

  close(): Promise<void> {
    return this.sealed.close();
  }

  override onAppended(listener: () => void): () => void {
    return this.sealed.onAppended(listener);
  }

  override appendedElsewhere(): void {
    this.sealed.appendedElsewhere();
  }
}
