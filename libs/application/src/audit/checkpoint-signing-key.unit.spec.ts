import { verify, createPublicKey } from 'node:crypto';
import { CheckpointSigningKey, CheckpointVerifyingKey } from './checkpoint-signing-key';

describe('the checkpoint signing key', () => {
  it('reads a 32-byte seed as base64 or hex, the same key either way', () => {
    const key = CheckpointSigningKey.generate();
    const seed = key.exportSeed();
    expect(CheckpointSigningKey.parse(seed)?.keyId).toBe(key.keyId);
    expect(CheckpointSigningKey.parse(Buffer.from(seed, 'base64').toString('hex'))?.keyId).toBe(key.keyId);
    expect(CheckpointSigningKey.generate().keyId).not.toBe(key.keyId);
  });

  it.each(['', 'short', 'ab'.repeat(31), 'ab'.repeat(33)])('refuses %p', (text) => {
    expect(CheckpointSigningKey.parse(text)).toBeUndefined();
  });

  it('signs so that the public half, as published, verifies (and nothing else does)', () => {
    const key = CheckpointSigningKey.generate();
    const signature = key.sign('message');
    const published = key.publicInfo();
    expect(published).toEqual({ keyId: key.keyId, algorithm: 'Ed25519', publicKey: expect.any(String), publicKeyPem: expect.stringContaining('BEGIN PUBLIC KEY') });
    expect(CheckpointVerifyingKey.fromRaw(Buffer.from(published.publicKey, 'base64')).verify('message', signature)).toBe(true);
    expect(verify(null, Buffer.from('message'), createPublicKey(published.publicKeyPem), signature)).toBe(true);
    expect(key.verify('messagE', signature)).toBe(false);
    expect(CheckpointSigningKey.generate().verify('message', signature)).toBe(false);
  });
});
