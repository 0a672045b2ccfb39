import { KeyShredder, KeyStore, PersonalDataVault } from '@crm/personal-data';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SealedEventStore } from '../infrastructure/personal-data.factory';

/** Runs the key shredder with the server: every CustomerForgotten in the log has its keys destroyed. */
@Injectable()
export class KeyShredderService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly shredder: KeyShredder;

  constructor(store: SealedEventStore, keys: KeyStore, vault: PersonalDataVault) {
    this.shredder = new KeyShredder(store, keys, vault, new Logger('KeyShredder'));
  }

  onApplicationBootstrap(): void {
    this.shredder.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.shredder.stop();
  }
}
