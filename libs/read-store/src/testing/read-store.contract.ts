import { randomUUID } from 'node:crypto';
import { ReadDocument, ReadStore } from '../read-store.port';

/** The behaviour every ReadStore adapter must have; collections get unique names per test. */
export function readStoreContract(open: () => Promise<ReadStore>): void {
  let store: ReadStore;
  let c: string;
  beforeEach(async () => {
    store = await open();
    c = `t${randomUUID().slice(0, 8)}`;
  });
  afterEach(() => store.close());

  const upsert = (document: ReadDocument) => ({ type: 'upsert' as const, collection: c, document });

  it('upserts, gets and deletes documents', async () => {
    await store.applyBatch([upsert({ id: 'a', name: 'Acme', n: 1 }), upsert({ id: 'b', name: 'Beta' })]);
    expect(await store.get(c, 'a')).toEqual({ id: 'a', name: 'Acme', n: 1 });
    await store.applyBatch([upsert({ id: 'a', name: 'Acme 2' })]);
    expect(await store.get(c, 'a')).toEqual({ id: 'a', name: 'Acme 2' });
    await store.applyBatch([{ type: 'delete', collection: c, id: 'a' }]);
    expect(await store.get(c, 'a')).toBeUndefined();
    expect(await store.get(c, 'b')).toEqual({ id: 'b', name: 'Beta' });
  });

  it('patches with set, increment, push and remove', async () => {
    await store.applyBatch([upsert({ id: 'a', revenue: 10, tags: ['x'], gone: true })]);
    await store.applyBatch([
      { type: 'patch', collection: c, id: 'a', set: { stage: 'won' }, inc: { revenue: 5.5, orders: 1 }, push: { tags: 'y' }, remove: ['gone'] },
    ]);
    expect(await store.get(c, 'a')).toEqual({ id: 'a', revenue: 15.5, orders: 1, tags: ['x', 'y'], stage: 'won' });
  });

  it('creates a document by patch only when asked to', async () => {
    await store.applyBatch([{ type: 'patch', collection: c, id: 'new', inc: { n: 1 } }]);
    expect(await store.get(c, 'new')).toBeUndefined();
    await store.applyBatch([{ type: 'patch', collection: c, id: 'new', inc: { n: 1 }, upsert: true }]);
    expect(await store.get(c, 'new')).toEqual({ id: 'new', n: 1 });
  });

  it('applies a batch and its checkpoint together, or neither', async () => {
    await store.applyBatch([upsert({ id: 'a', v: 1 })], { name: `p-${c}`, position: '10' });
    expect(await store.getCheckpoint(`p-${c}`)).toBe('10');
    await expect(
      store.applyBatch([upsert({ id: 'a', v: 2 }), { type: 'upsert', collection: 'bad name!', document: { id: 'x' } }], { name: `p-${c}`, position: '11' }),
    ).rejects.toThrow();
    expect(await store.get(c, 'a')).toEqual({ id: 'a', v: 1 });
    expect(await store.getCheckpoint(`p-${c}`)).toBe('10');
  });

  it('finds by equality filters, sorted, in pages whose cursors neither repeat nor skip', async () => {
    await store.ensureIndexes(c, [{ fields: ['region'] }, { fields: ['region', 'revenue'] }]);
    const docs = Array.from({ length: 25 }, (_, i) => ({ id: `d${String(i).padStart(2, '0')}`, region: i % 2 ? 'east' : 'west', revenue: i % 5, vip: i % 3 === 0 }));
    await store.applyBatch(docs.map(upsert));

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.find(c, { where: { region: 'east' }, sort: { field: 'revenue', direction: 'desc' }, limit: 4, cursor });
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const expected = docs
      .filter((d) => d.region === 'east')
      .sort((a, b) => b.revenue - a.revenue || (a.id < b.id ? 1 : -1))
      .map((d) => d.id);
    expect(seen).toEqual(expected);

    expect((await store.find(c, { where: { vip: true }, limit: 100 })).items.map((d) => d.id)).toEqual(docs.filter((d) => d.vip).map((d) => d.id));
    expect(await store.count(c, { region: 'west' })).toBe(13);
    expect(await store.count(c, { revenue: { gte: 1, lt: 3 } })).toBe(docs.filter((d) => d.revenue >= 1 && d.revenue < 3).length);
    expect(await store.sum(c, 'revenue', { region: 'east' })).toBe(docs.filter((d) => d.region === 'east').reduce((t, d) => t + d.revenue, 0));
    expect(await store.sum(c, 'revenue', { region: 'north' })).toBe(0);
    const sortedRevenue = docs.map((d) => d.revenue).sort((a, b) => b - a);
    expect(await store.valueAtRank(c, 'revenue', 0)).toBe(sortedRevenue[0]);
    expect(await store.valueAtRank(c, 'revenue', 7)).toBe(sortedRevenue[7]);
    expect(await store.valueAtRank(c, 'revenue', 25)).toBeUndefined();
    expect((await store.find(c, { where: { revenue: [0, 4] }, limit: 100 })).items.map((d) => d.id)).toEqual(
      docs.filter((d) => d.revenue === 0 || d.revenue === 4).map((d) => d.id),
    );
    expect(await store.countGreaterThan(c, 'revenue', 2)).toBe(docs.filter((d) => d.revenue > 2).length);
    expect(await store.countGreaterThan(c, 'revenue', 2, { region: 'west' })).toBe(docs.filter((d) => d.revenue > 2 && d.region === 'west').length);
  });

  it('pages ascending by id by default and answers null on the last page', async () => {
    await store.applyBatch(['c', 'a', 'b'].map((id) => upsert({ id })));
    const first = await store.find(c, { limit: 2 });
    expect(first.items.map((d) => d.id)).toEqual(['a', 'b']);
    const second = await store.find(c, { limit: 2, cursor: first.nextCursor as string });
    expect(second).toEqual({ items: [{ id: 'c' }], nextCursor: null });
  });

  it('drops a whole collection and leaves the others', async () => {
    const other = `${c}x`;
    await store.applyBatch([upsert({ id: 'a' }), { type: 'upsert', collection: other, document: { id: 'a' } }]);
    await store.dropCollection(c);
    expect(await store.get(c, 'a')).toBeUndefined();
    expect(await store.get(other, 'a')).toEqual({ id: 'a' });
  });

  it('writes a fenced batch only while its owner holds the lease', async () => {
    const lease = `fence-${c}`;
    await store.tryAcquireLease(lease, 'one', 60_000);
    await store.applyBatch([upsert({ id: 'a', v: 1 })], { name: `p-${c}`, position: '1' }, { lease, owner: 'one' });
    await expect(
      store.applyBatch([upsert({ id: 'a', v: 2 })], { name: `p-${c}`, position: '2' }, { lease, owner: 'two' }),
    ).rejects.toEqual(expect.objectContaining({ name: 'LeaseLostError' }));
    expect(await store.get(c, 'a')).toEqual({ id: 'a', v: 1 });
    expect(await store.getCheckpoint(`p-${c}`)).toBe('1');
  });

  it('grants a lease to one owner at a time until it expires or is released', async () => {
    const lease = `lease-${c}`;
    expect(await store.tryAcquireLease(lease, 'one', 60_000)).toBe(true);
    expect(await store.tryAcquireLease(lease, 'two', 60_000)).toBe(false);
    expect(await store.tryAcquireLease(lease, 'one', 60_000)).toBe(true);
    await store.releaseLease(lease, 'one');
    expect(await store.tryAcquireLease(lease, 'two', 1)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await store.tryAcquireLease(lease, 'one', 60_000)).toBe(true);
  });

  it('tells whether a lease is held: taken and unexpired, not once released or expired', async () => {
    const lease = `held-${c}`;
    expect(await store.leaseHeld(lease)).toBe(false);
    await store.tryAcquireLease(lease, 'one', 60_000);
    expect(await store.leaseHeld(lease)).toBe(true);
    await store.releaseLease(lease, 'one');
    expect(await store.leaseHeld(lease)).toBe(false);
    await store.tryAcquireLease(lease, 'two', 1); // its holder crashed: nobody renews it
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await store.leaseHeld(lease)).toBe(false);
  });
}
