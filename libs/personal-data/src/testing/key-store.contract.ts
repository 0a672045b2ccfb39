import { randomUUID } from 'node:crypto';
import { DataKeyRecord, KeyStore, SubjectForgottenError } from '../key-store.port';

const AT = '2026-11-23T10:00:00.000Z';
const record = (subject: string, owner: string, overrides: Partial<DataKeyRecord> = {}): DataKeyRecord => ({
  keyId: randomUUID(),
  subject,
  owner,
  wrapped: Buffer.from(`wrapped ${subject}`).toString('base64'),
  masterKeyId: 'm1',
  createdAt: AT,
  ...overrides,
});

/** What every KeyStore adapter must do; run against SQLite always and MongoDB when MONGODB_URI is set. */
export function keyStoreContract(open: () => Promise<KeyStore>): void {
  let store: KeyStore;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('stores a subject’s first key and returns that same key to every later writer', async () => {
    const first = record('customer:c1', 'customer:c1');
    expect(await store.keyForSubject(first)).toEqual(first);
    const second = record('customer:c1', 'customer:c1');
    expect(await store.keyForSubject(second)).toEqual(first);
    expect((await store.findKeys([first.keyId, second.keyId])).found).toEqual([first]);
  });

  it('gives one key to concurrent first writers of a subject', async () => {
    const candidates = Array.from({ length: 8 }, () => record('lead:race', 'lead:race'));
    const stored = await Promise.all(candidates.map((candidate) => store.keyForSubject(candidate)));
    expect(new Set(stored.map((key) => key.keyId)).size).toBe(1);
  });

  it('moves a lead’s key to the customer it was qualified into', async () => {
    const lead = await store.keyForSubject(record('lead:l1', 'lead:l1'));
    const moved = await store.keyForSubject(record('lead:l1', 'customer:c1'));
    expect(moved).toEqual({ ...lead, owner: 'customer:c1' });
  });

  it('forgetting an owner destroys its keys and its leads’ keys, names them destroyed, and leaves others alone', async () => {
    const customer = await store.keyForSubject(record('customer:c1', 'customer:c1'));
    const lead = await store.keyForSubject(record('lead:l1', 'lead:l1'));
    await store.keyForSubject(record('lead:l1', 'customer:c1'));
    const other = await store.keyForSubject(record('customer:c2', 'customer:c2'));
    const openLead = await store.keyForSubject(record('lead:l2', 'lead:l2'));

    expect(await store.forget('customer:c1', AT)).toBe(2);

    const ids = [customer.keyId, lead.keyId, other.keyId, openLead.keyId, 'never-existed'];
    const { found, destroyed } = await store.findKeys(ids);
    expect(found.map((key) => key.keyId).sort()).toEqual([other.keyId, openLead.keyId].sort());
    expect(destroyed.sort()).toEqual([customer.keyId, lead.keyId].sort());
  });

  it('forgetting is idempotent', async () => {
    await store.keyForSubject(record('customer:c1', 'customer:c1'));
    expect(await store.forget('customer:c1', AT)).toBe(1);
    expect(await store.forget('customer:c1', AT)).toBe(0);
  });

  it('refuses a key for a forgotten owner and for a subject whose key was destroyed', async () => {
    await store.keyForSubject(record('lead:l1', 'customer:c1'));
    await store.forget('customer:c1', AT);
    await expect(store.keyForSubject(record('customer:c1', 'customer:c1'))).rejects.toBeInstanceOf(SubjectForgottenError);
    await expect(store.keyForSubject(record('lead:l1', 'lead:l1'))).rejects.toBeInstanceOf(SubjectForgottenError);
    await expect(store.keyForSubject(record('lead:l9', 'customer:c1'))).rejects.toBeInstanceOf(SubjectForgottenError);
  });

  it('finds keys in batches larger than any statement limit', async () => {
    const keys = await Promise.all(Array.from({ length: 1200 }, (_, i) => store.keyForSubject(record(`customer:k${i}`, `customer:k${i}`))));
    const { found } = await store.findKeys(keys.map((key) => key.keyId));
    expect(found).toHaveLength(1200);
  });

  it('lists and rewraps keys not wrapped by a master key, and names every master key in use', async () => {
    const a = await store.keyForSubject(record('customer:a', 'customer:a', { masterKeyId: 'old' }));
    await store.keyForSubject(record('customer:b', 'customer:b', { masterKeyId: 'new' }));
    expect((await store.masterKeyIds()).sort()).toEqual(['new', 'old']);
    expect((await store.keysNotWrappedBy('new', 10)).map((key) => key.keyId)).toEqual([a.keyId]);
    await store.rewrap(a.keyId, 'cmV3cmFwcGVk', 'new');
    expect(await store.keysNotWrappedBy('new', 10)).toEqual([]);
    expect((await store.findKeys([a.keyId])).found[0]).toMatchObject({ wrapped: 'cmV3cmFwcGVk', masterKeyId: 'new' });
  });

  it('keeps the shredder’s position', async () => {
    expect(await store.shreddedUpTo()).toBeUndefined();
    await store.saveShreddedUpTo('18446744073709551617');
    await store.saveShreddedUpTo('18446744073709551618');
    expect(await store.shreddedUpTo()).toBe('18446744073709551618');
  });
}
