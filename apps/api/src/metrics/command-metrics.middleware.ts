import type { NextFunction, Request, Response } from 'express';
import { knownCommand } from '../commands/unknown-command.controller';
import { MetricsService } from './metrics.service';

/**
 * Counts every command request by name and the status it was answered with, once the answer is
 * sent (refusals before the route, such as a 401 or a 429, included; a client that left first as 499). A name not in the contract
 * counts under `unknown`: labelled by the name sent, every junk name would be a new series for
 * ever. Mounted at /commands (`req.path` is what follows), as a listener rather than a Nest
 * interceptor: an interceptor costs every request of every route an async context of its own.
 */
export function commandMetrics(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction) => {
    // Routing ignores case and a trailing slash, and so does the label.
    const command = knownCommand(req.path.slice(1).replace(/\/$/, '')) ?? 'unknown';
    res.once('finish', () => metrics.commands.inc({ command, status: String(res.statusCode) }));
    // A client that goes before its answer was sent: counted as nginx names it, 499.
    res.once('close', () => {
      if (!res.writableFinished) metrics.commands.inc({ command, status: '499' });
    });
    next();
  };
}
