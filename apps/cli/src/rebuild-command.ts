import { ALL_PROJECTIONS } from '@crm/projections';
import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { AppConfig } from '../../api/src/config/app-config';
import { projectionRebuild, runWith } from './composition/cli-composition';

/** `rebuild <projection>`: a new generation beside the live one; a running server switches to it by itself. */
export function rebuildCommand(program: Command, config: () => AppConfig, setCode: (code: number) => void): void {
  program
    .command('rebuild')
    .description('rebuild a projection from the whole log beside the live one, then switch readers to it')
    .argument('<projection>', ALL_PROJECTIONS.map((p) => p.name).join(' | '))
    .action(async (name: string) => {
      if (!ALL_PROJECTIONS.some((p) => p.name === name)) {
        process.stderr.write(`unknown projection '${name}'; known: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}\n`);
        return setCode(2);
      }
      const job = await runWith(config(), projectionRebuild, async ({ sealed: events, engine }) => {
        const started = await engine.rebuild(name);
        const head = Number((await events.headPosition()) ?? 0);
        const bar = new SingleBar({ format: `${name} [{bar}] {percentage}% {value}/{total}, {rate} events/s, eta {eta}s`, stream: process.stderr }, Presets.shades_classic);
        bar.start(Number.isSafeInteger(head) && head > 0 ? head : 1, 0, { rate: 0 });
        // The job may be run by a server asked for it first: its progress comes from the shared store.
        const timer = setInterval(() => {
          void engine.sharedJob(started.id).then((job) => {
            if (job?.position && Number.isSafeInteger(Number(job.position))) bar.update(Number(job.position), { rate: job.eventsPerSecond ?? 0 });
          }, () => undefined);
        }, 200);
        try {
          return await engine.whenFinished(started.id);
        } finally {
          clearInterval(timer);
          bar.update(bar.getTotal());
          bar.stop();
        }
      });
      process.stdout.write(`${JSON.stringify(job, null, 2)}\n`);
      if (job.status !== 'switched') setCode(1);
    });
}
