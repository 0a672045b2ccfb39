import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A personal value as stored: `sealed:v1:<keyId>:<iv>:<ciphertext+tag>` (AES-256-GCM, base64url,
 * the key id as additional data). A string, so an event's shape and types stay the same whether
 * a field is sealed or not; projections copy it like any other string.
 */
const PREFIX = 'sealed:v1:';
const SEALED = /^sealed:v1:([A-Za-z0-9-]{1,64}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22,})$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedParts {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export function seal(plaintext: string, keyId: string, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(keyId));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}${keyId}:${iv.toString('base64url')}:${ciphertext.toString('base64url')}`;
}

/** Cheap test first: most strings a reader walks past are not sealed. */
export function parseSealed(value: string): SealedParts | undefined {
  if (!value.startsWith(PREFIX)) return undefined;
  const match = SEALED.exec(value);
  if (!match) return undefined;
  const body = Buffer.from(match[3], 'base64url');
  if (body.length < TAG_BYTES) return undefined;
  return {
    keyId: match[1],
    iv: Buffer.from(match[2], 'base64url'),
    ciphertext: body.subarray(0, body.length - TAG_BYTES),
    tag: body.subarray(body.length - TAG_BYTES),
  };
}

/** The plaintext, or undefined when the key does not open it (a forged or damaged value). */
export function open(parts: SealedParts, key: Buffer): string | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, parts.iv);
    decipher.setAAD(Buffer.from(parts.keyId));
    decipher.setAuthTag(parts.tag);
    return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
