import { KeyObject, createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify } from 'node:crypto';

/** DER prefixes that wrap a raw Ed25519 seed (PKCS#8) and a raw public key (SPKI), RFC 8410. */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const SEED_BYTES = 32;

/** The public half as an auditor keeps it to check checkpoints without the server. */
export interface CheckpointPublicKey {
  keyId: string;
  algorithm: 'Ed25519';
  /** The raw 32-byte public key, base64. */
  publicKey: string;
  /** The same as a PEM SubjectPublicKeyInfo, for `openssl pkeyutl -verify`. */
  publicKeyPem: string;
}

/** Anyone may check a signature with the public half; `keyId` names it. */
export class CheckpointVerifyingKey {
  readonly keyId: string;
  readonly raw: Buffer;

  constructor(protected readonly publicKeyObject: KeyObject) {
    this.raw = publicKeyObject.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
    this.keyId = createHash('sha256').update(this.raw).digest('hex').slice(0, 16);
  }

  static fromRaw(raw: Buffer): CheckpointVerifyingKey {
    return new CheckpointVerifyingKey(createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' }));
  }

  verify(message: string, signature: Buffer): boolean {
    return verify(null, Buffer.from(message, 'utf8'), this.publicKeyObject, signature);
  }

  publicInfo(): CheckpointPublicKey {
    return {
      keyId: this.keyId,
      algorithm: 'Ed25519',
      publicKey: this.raw.toString('base64'),
      publicKeyPem: this.publicKeyObject.export({ format: 'pem', type: 'spki' }).toString(),
    };
  }
}

/** The Ed25519 key that signs audit checkpoints: kept like the master key, apart from the log. */
export class CheckpointSigningKey extends CheckpointVerifyingKey {
  private constructor(private readonly privateKey: KeyObject) {
    super(createPublicKey(privateKey));
  }

  /** A 32-byte seed as 64 hex digits or base64 (what `openssl rand -base64 32` prints); undefined for anything else. */
  static parse(text: string): CheckpointSigningKey | undefined {
    const trimmed = text.trim();
    if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return CheckpointSigningKey.fromSeed(Buffer.from(trimmed, 'hex'));
    if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) return CheckpointSigningKey.fromSeed(Buffer.from(trimmed, 'base64'));
    return undefined;
  }

  static generate(): CheckpointSigningKey {
    return CheckpointSigningKey.fromSeed(randomBytes(SEED_BYTES));
  }

  private static fromSeed(seed: Buffer): CheckpointSigningKey {
    return new CheckpointSigningKey(createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' }));
  }

  sign(message: string): Buffer {
    return sign(null, Buffer.from(message, 'utf8'), this.privateKey);
  }

  /** The seed, base64: what CRM_AUDIT_SIGNING_KEY or the development key file holds (not `toString`, so it is never printed by accident). */
  exportSeed(): string {
    return this.privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length).toString('base64');
  }
}
