import { createHash } from 'node:crypto';

const sha256 = (...parts: Buffer[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/**
 * The RFC 6962 (Certificate Transparency) Merkle tree hash of a sequence of leaves, computed as the
 * leaves stream by in O(log n) memory: a stack of the roots of complete subtrees, merged whenever
 * two of the same size meet, then folded right to left. The 0x00/0x01 prefixes keep a leaf from
 * passing for an inner node.
 */
export class MerkleRoot {
  private readonly stack: { size: number; hash: Buffer }[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(leaf: string): void {
    let item = { size: 1, hash: sha256(LEAF, Buffer.from(leaf, 'utf8')) };
    this.count += 1;
    for (let top = this.stack.at(-1); top && top.size === item.size; top = this.stack.at(-1)) {
      this.stack.pop();
      item = { size: top.size * 2, hash: sha256(NODE, top.hash, item.hash) };
    }
    this.stack.push(item);
  }

  /** Hex; the hash of the empty string for no leaves, as RFC 6962 defines it. */
  root(): string {
    if (this.stack.length === 0) return sha256().toString('hex');
    let hash = this.stack[this.stack.length - 1].hash;
    for (let i = this.stack.length - 2; i >= 0; i--) hash = sha256(NODE, this.stack[i].hash, hash);
    return hash.toString('hex');
  }
}
