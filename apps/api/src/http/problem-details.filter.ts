import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toProblem } from './problem';
import { sendProblem } from './reply';

/** Every error leaves as application/problem+json; a 500 is logged with its cause. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = toProblem(error);
    if (body.status === 503) this.logger.warn(`${body.detail} (${String(body.reason ?? '')})`);
    else if (body.status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    // An answer already on its way (a stream that failed after its first line) is cut by Fastify itself.
    if (reply.sent || reply.raw.headersSent) return;
    if (body.status === 503) reply.header('Retry-After', '1');
    sendProblem(reply, body);
  }
}
