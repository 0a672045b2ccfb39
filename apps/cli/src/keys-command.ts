import { Command } from 'commander';
import { AppConfig } from '../../api/src/config/app-config';
import { keyRotation, runWith } from './composition/cli-composition';

/**
 * `keys rotate`: rewraps every data key under CRM_MASTER_KEY. Run it with the new key in
 * CRM_MASTER_KEY and the old one in CRM_PREVIOUS_MASTER_KEYS (the server can run meanwhile with
 * the same two settings); once it is done, the old key may be dropped. Events are untouched:
 * only the wrapping of the data keys changes.
 */
export function keysCommand(program: Command, config: () => AppConfig): void {
  const keys = program.command('keys').description('the data keys that seal personal fields');
  keys
    .command('rotate')
    .description('rewrap every data key under CRM_MASTER_KEY (old master keys in CRM_PREVIOUS_MASTER_KEYS)')
    .action(async () => {
      await runWith(config(), keyRotation, async ({ keys, ring }) => {
        const rewrapped = await ring.rotate(keys);
        process.stdout.write(`${JSON.stringify({ masterKeyId: ring.current.id, rewrapped, masterKeyIds: await keys.masterKeyIds() })}\n`);
      });
    });
}
