import { registerCustomer } from '@crm/application';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError, parseConfig } from '../../../api/src/config/app-config';
import { Composition, importCommands, keyRotation, projectionRebuild, readModels, revealedLog, runWith, sealedLog } from './cli-composition';
import { withScope } from './resource-scope';

/** The files of `dir` this process holds open (SQLite's -wal and -shm included). */
function openFilesIn(dir: string): string[] {
  return readdirSync('/proc/self/fd')
    .map((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    })
    .filter((file) => file.startsWith(dir));
}

const procFd = existsSync('/proc/self/fd');
if (!procFd) console.warn('no /proc/self/fd here: the open-file checks of the CLI composition tests are skipped');
const expectNothingOpenIn = (dir: string) => procFd && expect(openFilesIn(dir)).toEqual([]);

describe("the command line's composition root", () => {
  let dir: string;
  const config = (env: NodeJS.ProcessEnv = {}) => parseConfig({ NODE_ENV: 'test', CRM_DATA_DIR: dir, CRM_SQLITE_SYNC: 'normal', ...env });
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'crm-cli-composition-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // Which command uses which composition: see the command files (audit-commands.ts, state-command.ts, …).
  const commands: [string, Composition<unknown>, string[]][] = [
    ['audit verify, audit checkpoint', sealedLog, ['crm.sqlite: event log', 'event store']],
    ['audit export, audit stream, state, project', revealedLog, ['crm.sqlite: event log', 'event store', 'key store']],
    ['project --collection (its rows)', readModels, ['read-models.sqlite: read models', 'read store']],
    ['rebuild', projectionRebuild, ['crm.sqlite: event log', 'event store', 'read-models.sqlite: read models', 'read store', 'projection engine']],
    ['import', importCommands, ['crm.sqlite: event log', 'event store', 'key store', 'crm.sqlite: idempotency keys', 'idempotency store']],
    ['keys rotate', keyRotation, ['key store']],
  ];

  it.each(commands)('%s: opens only what the command uses, and closes it all', async (_commands, compose, expected) => {
    const opened = await withScope(async (scope) => {
      await compose(scope, config());
      return scope.open;
    });
    expect(opened).toEqual(expected);
    expectNothingOpenIn(dir);
  });

  it('closes what a command opened when the command fails', async () => {
    await expect(runWith(config(), importCommands, async () => Promise.reject(new Error('the command failed')))).rejects.toThrow('the command failed');
    expectNothingOpenIn(dir);
  });

  it('closes what was opened when opening fails halfway (a master key that does not open the key store)', async () => {
    const first = config({ CRM_MASTER_KEY: randomBytes(32).toString('hex') });
    // A customer's name is sealed under a data key, wrapped by the first master key.
    await runWith(first, importCommands, ({ commands }) => commands.execute(registerCustomer, { customerId: 'c1', name: 'Acme' }, { actor: 'test', correlationId: 'c', now: new Date().toISOString() }));
    const run = jest.fn();
    await expect(runWith(config({ CRM_MASTER_KEY: randomBytes(32).toString('hex') }), importCommands, run)).rejects.toBeInstanceOf(ConfigError);
    expect(run).not.toHaveBeenCalled();
    expectNothingOpenIn(dir);
  });
});
