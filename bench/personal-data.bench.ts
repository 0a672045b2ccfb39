import { openSqlite } from '@crm/event-store';
import { KeyRing, MasterKey, PersonalDataVault, SqliteKeyStore } from '@crm/personal-data';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Sealing and revealing personal fields on the command path: 2,000 customers, each registered
 * once and then updated 4 times (the subject's key exists by then), and the events read back.
 */
async function personalDataBench(): Promise<void> {
  const keys = new SqliteKeyStore(openSqlite(join(mkdtempSync(join(tmpdir(), 'bench-keys-')), 'keys.sqlite'), 'full'));
  const vault = new PersonalDataVault(keys, new KeyRing(MasterKey.generate()));
  const customers = 2000;
  const event = (i: number, n: number) => ({
    type: n === 0 ? 'CustomerRegistered' : 'CustomerProfileUpdated',
    data: n === 0 ? { customerId: `c${i}`, name: `Name ${i}`, email: `c${i}@x.test`, phone: '+1 555' } : { customerId: `c${i}`, changes: { email: `c${i}.${n}@x.test` } },
  });
  const sealed: { type: string; data: Record<string, unknown> }[] = [];
  const timed = async (passes: number[]) => {
    const started = process.hrtime.bigint();
    for (const n of passes) for (let i = 0; i < customers; i++) sealed.push(...(await vault.seal([event(i, n)])));
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const createMs = await timed([0]);
  const existingMs = await timed([1, 2, 3, 4]);
  const started = process.hrtime.bigint();
  for (let i = 0; i < sealed.length; i += 50) await vault.reveal(sealed.slice(i, i + 50));
  const revealMs = Number(process.hrtime.bigint() - started) / 1e6;
  await keys.close();
  const perEvent = (ms: number, count = sealed.length) => ((ms * 1000) / count).toFixed(1);
  console.log(`seal, creating the key:  ${customers} events in ${createMs.toFixed(0)} ms (${perEvent(createMs, customers)} µs/event)`);
  console.log(`seal, key exists:        ${customers * 4} events in ${existingMs.toFixed(0)} ms (${perEvent(existingMs, customers * 4)} µs/event)`);
  console.log(`reveal, batches of 50:    ${sealed.length} events in ${revealMs.toFixed(0)} ms (${perEvent(revealMs)} µs/event)`);
}

export const main = personalDataBench;
