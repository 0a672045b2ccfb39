import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { knownCommand } from '../commands/unknown-command.controller';
import { pathOf } from '../http/reply';
import { MetricsService } from './metrics.service';

/** /commands and what follows it, in any case (routing ignores case, and so does the label). */
const COMMANDS_PATH = /^\/commands(?:\/|$)/i;

/**
 * Counts every command request by name and the status it was answered with, once the answer is
 * sent (refusals before the route, such as a 401 or a 429, included; a client that left first as 499). A name not in the contract
 * counts under `unknown`: labelled by the name sent, every junk name would be a new series for
 * ever. A hook on the raw response's events rather than a Nest interceptor: an interceptor costs
 * every request of every route an async context of its own.
 */
export function commandMetrics(metrics: MetricsService) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const path = pathOf(request);
    if (COMMANDS_PATH.test(path)) {
      // Routing ignores a trailing slash, and so does the label.
      const command = knownCommand(path.slice('/commands/'.length).replace(/\/$/, '')) ?? 'unknown';
      const response = reply.raw;
      response.once('finish', () => metrics.commands.inc({ command, status: String(response.statusCode) }));
      // A client that goes before its answer was sent: counted as nginx names it, 499.
      response.once('close', () => {
        if (!response.writableFinished) metrics.commands.inc({ command, status: '499' });
      });
    }
    done();
  };
}
