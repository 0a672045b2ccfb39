import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { SqliteEventStore } from '@crm/event-store';
import { parentPort, workerData } from 'node:worker_threads';
import { SealedEventStore } from '../infrastructure/personal-data.factory';
import { ProjectorModule } from './projector.module';
import { ProjectorThreadMessage, ProjectorThreadReport } from './projector-thread.messages';

/**
 * The projector on a worker thread of the server's process (CRM_PROJECTOR=thread, the default):
 * the projector module as `npm run start:projector` runs it, with its own connections to the
 * stores, on the second core. The server's thread tells it of each commit of appends (so its
 * subscription looks at once rather than at its next poll) and asks it to stop before closing.
 * The projection engine starts with the module, as in the projector process.
 */
async function run(port: NonNullable<typeof parentPort>): Promise<void> {
  const report = (message: ProjectorThreadReport) => port.postMessage(message);
  const app = await NestFactory.createApplicationContext(ProjectorModule.register(workerData.env as NodeJS.ProcessEnv), {
    abortOnError: false,
    logger: ['error', 'warn'],
  });
  const log = app.get(SealedEventStore);
  port.on('message', (message: ProjectorThreadMessage) => {
    if (message.type === 'appended') {
      if (log instanceof SqliteEventStore) log.appendedElsewhere();
    } else if (message.type === 'stop') {
      void app.close().then(
        () => {
          report({ type: 'stopped' });
          port.close();
        },
        (error: unknown) => report({ type: 'failed', message: describe(error) }),
      );
    }
  });
  report({ type: 'running' });
}

const describe = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

if (!parentPort) throw new Error('projector-thread.ts runs as a worker thread of the server (CRM_PROJECTOR=thread)');
const port = parentPort;
run(port).catch((error: unknown) => {
  port.postMessage({ type: 'failed', message: describe(error) } satisfies ProjectorThreadReport);
  process.exit(1);
});
