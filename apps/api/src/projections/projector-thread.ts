import 'reflect-metadata';
import { EventStore } from '@crm/event-store';
import { NestFactory } from '@nestjs/core';
import { parentPort } from 'node:worker_threads';
import { SealedEventStore } from '../infrastructure/personal-data.factory';
import { ProjectionEngineService } from './projection-engine.service';
import { ProjectorModule } from './projector.module';
import { ALIVE_EVERY_MS, ProjectorThreadMessage, ProjectorThreadReport } from './projector-thread.messages';

/**
 * The projector on a worker thread of the server's process (CRM_PROJECTOR=thread, the default):
 * the projector module as `npm run start:projector` runs it, with its own connections to the
 * stores, on the second core; its engine starts with the module. The server's thread tells it of
 * each commit of appends (so its subscription looks at once rather than at its next poll) and of
 * readers waiting for a position, watches that it is alive, and asks it to stop before closing.
 * Its environment is the server's (the Worker's `env`). A start-up failure throws: the Worker's
 * `error` event carries it to the server.
 */
async function run(port: NonNullable<typeof parentPort>): Promise<void> {
  const report = (message: ProjectorThreadReport) => port.postMessage(message);
  const app = await NestFactory.createApplicationContext(ProjectorModule.register(process.env), { abortOnError: false, logger: ['error', 'warn'] });
  const log: EventStore = app.get(SealedEventStore);
  const engine = app.get(ProjectionEngineService);
  const alive = setInterval(() => report({ type: 'alive' }), ALIVE_EVERY_MS);
  port.on('message', (message: ProjectorThreadMessage) => {
    if (message.type === 'appended') log.appendedElsewhere();
    else if (message.type === 'hurry') engine.hurry();
    else if (message.type === 'stop') {
      clearInterval(alive);
      // Closing stops the engine (its batch finishes, its leases are released); the thread then ends.
      void app.close().finally(() => port.close());
    }
  });
  report({ type: 'running' });
}

if (!parentPort) throw new Error('projector-thread runs as a worker thread of the server (CRM_PROJECTOR=thread)');
void run(parentPort).catch((error: unknown) => {
  // Rethrown outside the promise: an uncaught exception ends the thread with an 'error' event.
  setImmediate(() => {
    throw error;
  });
});
