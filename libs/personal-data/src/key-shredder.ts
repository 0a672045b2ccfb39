import { forgottenOwner } from '@crm/domain';
import { EventStore, EventSubscription } from '@crm/event-store';
import { KeyStore } from './key-store.port';
import { PersonalDataVault } from './personal-data-vault';

export interface KeyShredderLogger {
  log(message: string): void;
  error(message: string): void;
}

/**
 * The safety net behind forgetting: follows every `CustomerForgotten` in the log and destroys
 * the keys it names. It catches the process that died between storing the event and destroying
 * the keys, and a key store restored from a backup older than some forgetting (its position is
 * stored with the keys, so it rewinds with them).
 */
export class KeyShredder {
  private subscription: EventSubscription | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly keys: KeyStore,
    private readonly vault: PersonalDataVault,
    private readonly logger: KeyShredderLogger,
  ) {}

  start(): void {
    this.running = this.run();
  }

  private async run(): Promise<void> {
    this.subscription = this.store.subscribeToAll({ after: await this.keys.shreddedUpTo(), eventTypes: ['CustomerForgotten'] });
    for await (const event of this.subscription) {
      const owner = forgottenOwner(event);
      if (owner === undefined) continue;
      for (let backoffMs = 100; !this.stopped; backoffMs = Math.min(backoffMs * 2, 10_000)) {
        try {
          const destroyed = await this.vault.forget(owner);
          if (destroyed > 0) this.logger.log(`destroyed ${destroyed} data key(s) of ${owner} (forgotten at ${event.position})`);
          await this.keys.saveShreddedUpTo(event.position);
          break;
        } catch (error) {
          this.logger.error(`destroying the keys of ${owner} failed, retrying: ${String(error)}`);
          await new Promise((resolve) => setTimeout(resolve, backoffMs));
        }
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    await this.running?.catch((error) => this.logger.error(`key shredder stopped with ${String(error)}`));
  }
}
