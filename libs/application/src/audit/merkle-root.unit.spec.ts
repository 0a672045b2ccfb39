import { createHash } from 'node:crypto';
import { MerkleRoot } from './merkle-root';

/** RFC 6962 section 2.1, written as the recursive definition: the largest power of two below n splits. */
function reference(leaves: string[]): string {
  const h = (...parts: Buffer[]) => parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest();
  const mth = (d: string[]): Buffer => {
    if (d.length === 0) return h();
    if (d.length === 1) return h(Buffer.from([0]), Buffer.from(d[0]));
    let k = 1;
    while (k * 2 < d.length) k *= 2;
    return h(Buffer.from([1]), mth(d.slice(0, k)), mth(d.slice(k)));
  };
  return mth(leaves).toString('hex');
}

describe('the Merkle tree hash of the log', () => {
  it.each([0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 100])('matches the RFC 6962 definition for %i leaves', (n) => {
    const leaves = Array.from({ length: n }, (_, i) => `leaf-${i}`);
    const tree = new MerkleRoot();
    leaves.forEach((leaf) => tree.add(leaf));
    expect(tree.size).toBe(n);
    expect(tree.root()).toBe(reference(leaves));
  });

  it('changes when two leaves change places', () => {
    const root = (leaves: string[]) => {
      const tree = new MerkleRoot();
      leaves.forEach((leaf) => tree.add(leaf));
      return tree.root();
    };
    expect(root(['a', 'b', 'c'])).not.toBe(root(['a', 'c', 'b']));
  });

  it('hashes the empty log as SHA-256 of nothing', () => {
    expect(new MerkleRoot().root()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
