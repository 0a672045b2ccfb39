import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';
import { knownCommand } from '../commands/unknown-command.controller';
import { toProblem } from '../http/problem';
import { MetricsService } from './metrics.service';

/**
 * Counts every command by name and outcome status. A name not in the contract counts under
 * `unknown`: labelled by the name sent, every junk name would be a new series for ever.
 */
@Injectable()
export class CommandMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MetricsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    if (!request.path.startsWith('/commands/')) return next.handle();
    // Routing ignores case and a trailing slash, and so does the label.
    const command = knownCommand(request.path.slice('/commands/'.length).replace(/\/$/, '')) ?? 'unknown';
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      tap({
        next: () => this.metrics.commands.inc({ command, status: String(response.statusCode) }),
        error: (error: unknown) => this.metrics.commands.inc({ command, status: String(toProblem(error).status) }),
      }),
    );
  }
}
