import { EventStore } from '@crm/event-store';
import { KeyRing, KeyStore, MasterKey, MongoKeyStore, PersonalDataEventStore, PersonalDataVault, SqliteKeyStore } from '@crm/personal-data';
import { AppConfig, ConfigError } from '../config/app-config';
import { readOrCreateKeyFile } from './dev-key-file';
import { inDataDir, openInDataDir } from './sqlite-database';

/**
 * The event store as it is stored (personal fields sealed): what projections read and what
 * `verify` checks. The `EventStore` token is the same store seen through the PersonalDataVault.
 */
export abstract class SealedEventStore extends EventStore {}

/** Keys live in MongoDB when it is configured, else in `keys.sqlite`: never in the event log's file. */
export async function createKeyStore(config: AppConfig): Promise<KeyStore> {
  if (config.mongo) return MongoKeyStore.connect(config.mongo.uri, config.mongo.database);
  return new SqliteKeyStore(openInDataDir(inDataDir(config, 'keys.sqlite'), 'full'));
}

/**
 * The configured master key, or outside production one generated once into
 * CRM_DATA_DIR/master.key. Refuses to start when the key store holds keys this ring cannot open.
 */
export async function openKeyRing(config: AppConfig, keys: KeyStore, warn: (message: string) => void = () => undefined): Promise<KeyRing> {
  let master = config.masterKey;
  if (!master) {
    const file = inDataDir(config, 'master.key');
    master = readOrCreateKeyFile(file, {
      what: 'a master key (32 bytes, hex or base64)',
      parse: (text) => MasterKey.parse(text),
      generate: () => MasterKey.generate(),
      serialize: (generated) => generated.toString(),
    });
    warn(`CRM_MASTER_KEY is not set: using the development master key in ${file}. Set CRM_MASTER_KEY (and keep it apart from the data) in production.`);
  }
  const ring = new KeyRing(master, config.previousMasterKeys);
  try {
    await ring.assertOpens(keys);
  } catch (error) {
    throw new ConfigError(`CRM_MASTER_KEY: ${(error as Error).message}`);
  }
  return ring;
}

/** An abstract class so it doubles as the DI token. */
export abstract class PersonalData {
  abstract readonly keys: KeyStore;
  abstract readonly vault: PersonalDataVault;
  /** The store seen through the vault: personal fields sealed on append, revealed on read. */
  abstract readonly events: EventStore;
}

export async function openPersonalData(config: AppConfig, sealed: EventStore, warn: (message: string) => void = () => undefined): Promise<PersonalData> {
  const keys = await createKeyStore(config);
  try {
    const ring = await openKeyRing(config, keys, warn);
    const vault = new PersonalDataVault(keys, ring, {
      onUnknownKey: (keyId) => warn(`a sealed value names data key ${keyId}, which the key store neither holds nor destroyed: is the key store the one this log was written with?`),
    });
    return { keys, vault, events: new PersonalDataEventStore(sealed, vault) };
  } catch (error) {
    await keys.close();
    throw error;
  }
}
