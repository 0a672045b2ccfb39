import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { DataKeyRecord, KeyStore } from './key-store.port';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The key-encryption key: wraps every data key; never stored beside them. */
export class MasterKey {
  /** A fingerprint stored with each wrapped key, so the right master key is picked and a wrong one is named. */
  readonly id: string;

  constructor(readonly key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`a master key is ${KEY_BYTES} bytes (got ${key.length})`);
    this.id = createHash('sha256').update(key).digest('hex').slice(0, 16);
  }

  /** 32 bytes as 64 hex digits or as base64; undefined for anything else. */
  static parse(text: string): MasterKey | undefined {
    const trimmed = text.trim();
    if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return new MasterKey(Buffer.from(trimmed, 'hex'));
    if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) return new MasterKey(Buffer.from(trimmed, 'base64'));
    return undefined;
  }

  static generate(): MasterKey {
    return new MasterKey(randomBytes(KEY_BYTES));
  }

  toString(): string {
    return this.key.toString('base64');
  }
}

export class UnknownMasterKeyError extends Error {
  override readonly name = 'UnknownMasterKeyError';
}

/**
 * Envelope encryption: data keys are random per subject and stored wrapped (AES-256-GCM) under
 * the current master key. Keys wrapped by a previous master key still open while a rotation
 * rewraps them.
 */
export class KeyRing {
  private readonly masters: Map<string, MasterKey>;

  constructor(
    readonly current: MasterKey,
    previous: readonly MasterKey[] = [],
  ) {
    this.masters = new Map([...previous, current].map((master) => [master.id, master]));
  }

  newDataKey(): Buffer {
    return randomBytes(KEY_BYTES);
  }

  wrap(keyId: string, dataKey: Buffer): { wrapped: string; masterKeyId: string } {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(keyId));
    const wrapped = Buffer.concat([iv, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]).toString('base64');
    return { wrapped, masterKeyId: this.current.id };
  }

  unwrap(record: Pick<DataKeyRecord, 'keyId' | 'wrapped' | 'masterKeyId'>): Buffer {
    const master = this.masters.get(record.masterKeyId);
    if (!master) throw new UnknownMasterKeyError(`data key ${record.keyId} is wrapped by master key ${record.masterKeyId}, which is not configured`);
    const bytes = Buffer.from(record.wrapped, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', master.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(record.keyId));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
  }

  /** Refuses a key store holding keys wrapped by a master key this ring does not have: a wrong CRM_MASTER_KEY. */
  async assertOpens(store: KeyStore): Promise<void> {
    const unknown = (await store.masterKeyIds()).filter((id) => !this.masters.has(id));
    if (unknown.length > 0) {
      throw new UnknownMasterKeyError(
        `the key store holds data keys wrapped by master key(s) ${unknown.join(', ')}, but the configured master key is ${this.current.id}` +
          (this.masters.size > 1 ? ` (previous: ${[...this.masters.keys()].filter((id) => id !== this.current.id).join(', ')})` : ''),
      );
    }
  }

  /** Rewraps every data key not wrapped by the current master key; resumable. Returns how many it rewrapped. */
  async rotate(store: KeyStore, onProgress: (rewrapped: number) => void = () => undefined): Promise<number> {
    let rewrapped = 0;
    for (;;) {
      const batch = await store.keysNotWrappedBy(this.current.id, 500);
      if (batch.length === 0) return rewrapped;
      for (const record of batch) {
        const { wrapped, masterKeyId } = this.wrap(record.keyId, this.unwrap(record));
        await store.rewrap(record.keyId, wrapped, masterKeyId);
        onProgress(++rewrapped);
      }
    }
  }
}
