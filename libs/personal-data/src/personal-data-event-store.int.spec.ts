import {
  AuditLog,
  CommandContext,
  CommandService,
  captureLead,
  customerAggregate,
  forgetCustomer,
  leadToCustomerReactor,
  logInteraction,
  openOpportunity,
  qualifyLead,
  registerCustomer,
  stateAsOf,
  updateCustomerProfile,
} from '@crm/application';
import { ERASED, RuleViolation } from '@crm/domain';
import { EventStore, SqliteEventStore, openSqlite } from '@crm/event-store';
import { randomUUID } from 'node:crypto';
import { KeyRing, MasterKey, UnknownMasterKeyError } from './key-ring';
import { KeyShredder } from './key-shredder';
import { PersonalDataEventStore } from './personal-data-event-store';
import { PersonalDataVault } from './personal-data-vault';
import { SqliteKeyStore } from './sqlite/sqlite-key-store';

const T0 = '2026-01-01T00:00:00.000Z';
const ctx = (): CommandContext => {
  const commandId = randomUUID();
  return { actor: 'admin', commandId, correlationId: randomUUID(), causationId: commandId, now: T0 };
};
const PERSONAL = ['Zhang Min', 'zhang@secret.test', '+86 138 0000 1111', 'Wang Fang', 'wang@secret.test', '+86 139 2222 3333'];
const stored = async (store: EventStore) => JSON.stringify(await store.readAll({ limit: 10_000 }));
/** As the server builds it: streams folded as stored, revealed only for decisions that read personal fields. */
const commandService = (store: PersonalDataEventStore) =>
  new CommandService(store, { dormancyThresholdDays: 90, reactors: [leadToCustomerReactor], sealedLog: store.sealed });

describe('personal data in the event store (crypto-shredding)', () => {
  let sealed: SqliteEventStore;
  let keys: SqliteKeyStore;
  let vault: PersonalDataVault;
  let store: PersonalDataEventStore;
  let commands: CommandService;
  const ring = new KeyRing(MasterKey.generate());

  beforeEach(async () => {
    sealed = new SqliteEventStore(openSqlite(':memory:'), { pollIntervalMs: 5 });
    keys = new SqliteKeyStore(openSqlite(':memory:'));
    vault = new PersonalDataVault(keys, ring);
    store = new PersonalDataEventStore(sealed, vault);
    commands = commandService(store);
    // c1 came from lead l1; c2 registered directly.
    await commands.execute(captureLead, { leadId: 'l1', source: 'web', contact: { name: 'Zhang Min', email: 'zhang@secret.test', phone: '+86 138 0000 1111', company: 'Acme' } }, ctx());
    await commands.execute(qualifyLead, { leadId: 'l1', customerId: 'c1', score: 80 }, ctx());
    await commands.execute(registerCustomer, { customerId: 'c2', name: 'Wang Fang', email: 'wang@secret.test', phone: '+86 139 2222 3333' }, ctx());
  });
  afterEach(async () => {
    await store.close();
    await keys.close();
  });

  it('stores no personal value in the clear, and reveals every one to readers', async () => {
    const raw = await stored(sealed);
    for (const value of PERSONAL) expect(raw).not.toContain(value);
    expect(raw).toContain('Acme'); // company is not personal
    const revealed = await stored(store);
    for (const value of PERSONAL) expect(revealed).toContain(value);
  });

  it('after ForgetCustomer, the customer’s and its lead’s personal fields read as erased everywhere, others stay readable, and verify passes', async () => {
    await commands.execute(forgetCustomer, { customerId: 'c1', reason: 'erasure request 42' }, ctx());

    const revealed = await stored(store);
    for (const value of PERSONAL.slice(0, 3)) expect(revealed).not.toContain(value);
    for (const value of PERSONAL.slice(3)) expect(revealed).toContain(value);
    const [captured] = await store.readStream('lead-l1');
    expect(captured.data.contact).toEqual({ name: ERASED, email: ERASED, phone: ERASED, company: 'Acme' });
    const [registered] = await store.readStream('customer-c1');
    expect(registered.data).toMatchObject({ name: ERASED, email: ERASED, phone: ERASED, leadId: 'l1' });

    const state = await stateAsOf(store, customerAggregate as never, 'c1', { position: registered.position });
    expect(JSON.stringify(state)).not.toContain('Zhang');

    const verified = await new AuditLog(store, sealed).verify();
    expect(verified).toMatchObject({ ok: true, broken: [] });
  });

  it('refuses new personal data for a forgotten customer, from a profile update or a lead qualified into it', async () => {
    await commands.execute(forgetCustomer, { customerId: 'c1', reason: 'request' }, ctx());
    await expect(commands.execute(updateCustomerProfile, { customerId: 'c1', name: 'Zhang Min' }, ctx())).rejects.toMatchObject({ rule: 'customer-forgotten' });
    await commands.execute(captureLead, { leadId: 'l2', source: 'web', contact: { name: 'Zhang Again' } }, ctx());
    await expect(commands.execute(qualifyLead, { leadId: 'l2', customerId: 'c1' }, ctx())).rejects.toBeInstanceOf(RuleViolation);
    expect(await stored(store)).not.toContain('Zhang Min');
  });

  it('folds streams as stored: only a decision that reads personal fields looks up keys, and it decides on the plain values', async () => {
    // A service that has folded nothing yet (a restarted server), so every stream is read from the log.
    const fresh = commandService(store);
    const lookUps = jest.spyOn(keys, 'findKeys');

    await fresh.execute(logInteraction, { customerId: 'c2', interactionId: 'i1', channel: 'call', direction: 'inbound', kind: 'follow-up', summary: 'asked for a quote' }, ctx());
    await fresh.execute(openOpportunity, { opportunityId: 'o1', customerId: 'c2', title: 'Renewal', expectedValue: 1000 }, ctx());
    expect(lookUps).not.toHaveBeenCalled();

    // The same name as stored is no change (compared with the plain value, not the sealed one); a new email is.
    const unchanged = await fresh.execute(updateCustomerProfile, { customerId: 'c2', name: 'Wang Fang' }, ctx());
    expect(unchanged.events).toEqual([]);
    const changed = await fresh.execute(updateCustomerProfile, { customerId: 'c2', name: 'Wang Fang', email: 'fang@secret.test' }, ctx());
    expect(changed.events.map((event) => event.data)).toEqual([expect.objectContaining({ changes: { email: 'fang@secret.test' } })]);
    expect(lookUps).toHaveBeenCalled();

    // A lead qualified by a fresh service hands its plain contact on to the customer it registers.
    await commands.execute(captureLead, { leadId: 'l3', source: 'web', contact: { name: 'Li Na', email: 'li@secret.test' } }, ctx());
    await commandService(store).execute(qualifyLead, { leadId: 'l3', customerId: 'c3' }, ctx());
    const [registered] = await store.readStream('customer-c3');
    expect(registered.data).toMatchObject({ name: 'Li Na', email: 'li@secret.test' });
    expect(await stored(sealed)).not.toContain('li@secret.test');
  });

  it('never opens a caller’s value that is another customer’s sealed one: a lead given it as a name passes it on as it is', async () => {
    const [registered] = await sealed.readStream('customer-c2');
    const ciphertext = registered.data.name as string; // as in a backup or a read model
    await commands.execute(captureLead, { leadId: 'l9', source: 'web', contact: { name: ciphertext } }, ctx());
    // The same service, its fold of the lead still cached, and a fresh one.
    await commands.execute(qualifyLead, { leadId: 'l9', customerId: 'c9' }, ctx());
    const [copied] = await store.readStream('customer-c9');
    expect(copied.data.name).toBe(ciphertext);
    expect(await stored(store)).not.toMatch(/"customerId":"c9"[^}]*Wang Fang/);
    await commands.execute(captureLead, { leadId: 'l10', source: 'web', contact: { name: ciphertext } }, ctx());
    await commandService(store).execute(qualifyLead, { leadId: 'l10', customerId: 'c10' }, ctx());
    expect((await store.readStream('customer-c10'))[0].data.name).toBe(ciphertext);
  });

  it('leaves a string that only looks sealed, or a damaged sealed value, as it is', async () => {
    const [registered] = await sealed.readStream('customer-c2');
    const real = registered.data.name as string;
    const damaged = `${real.slice(0, -4)}AAAA`;
    const fake = 'sealed:v1:00000000-0000-0000-0000-000000000000:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAAAA';
    expect(await vault.reveal({ a: damaged, b: fake, c: real })).toEqual({ a: damaged, b: fake, c: 'Wang Fang' });
  });

  it('the key shredder destroys the keys of a forgetting whose process died before it could, and again after a key backup is restored', async () => {
    // The event is stored but the keys were not destroyed (a crash in between).
    const head = await sealed.headPosition();
    const [c1] = await sealed.readStream('customer-c1');
    const { prevHash: _prevHash, hash: _hash, ...writerMetadata } = c1.metadata; // the store sets the hashes
    await sealed.appendToStream('customer-c1', [{ ...c1, eventId: randomUUID(), type: 'CustomerForgotten', data: { customerId: 'c1', reason: 'r', forgottenAt: T0 }, metadata: writerMetadata }], { expectedRevision: 0 });
    expect(JSON.stringify(await store.readStream('lead-l1'))).toContain('Zhang Min');

    const shredder = new KeyShredder(sealed, keys, vault, { log: () => undefined, error: () => undefined });
    shredder.start();
    await waitFor(async () => !JSON.stringify(await store.readStream('lead-l1')).includes('Zhang Min'));
    await waitFor(async () => (await keys.shreddedUpTo()) !== undefined && (await keys.shreddedUpTo()) !== head);
    await shredder.stop();
    expect(JSON.stringify(await store.readStream('customer-c1'))).not.toContain('Zhang Min');
  });

  it('a wrong master key is named at start, and a rotated master key opens every key', async () => {
    await expect(new KeyRing(MasterKey.generate()).assertOpens(keys)).rejects.toBeInstanceOf(UnknownMasterKeyError);

    const next = new KeyRing(MasterKey.generate(), [ring.current]);
    expect(await next.rotate(keys)).toBe(3);
    const afterRotation = new KeyRing(next.current);
    await afterRotation.assertOpens(keys);
    const rotated = new PersonalDataEventStore(sealed, new PersonalDataVault(keys, afterRotation));
    expect(JSON.stringify(await rotated.readAll({ limit: 100 }))).toContain('Zhang Min');
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
