import { AuditLog } from '@crm/application';
import { EventStore } from '@crm/event-store';
import { Controller, Get, Headers, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Readable } from 'node:stream';
import { Roles } from '../auth/roles.decorator';
import { SealedEventStore } from '../infrastructure/personal-data.factory';
import { BusinessTimeField } from '../commands/dto/fields';
import { ProblemException, problem } from '../http/problem';
import { OptionalText, PageQuery } from '../queries/query.dto';
import { ApiAnswer, ApiProblems, ApiReadProblems } from '../http/api-answer.decorator';
import { AUDIT_EVENT_SCHEMA, AUDIT_PAGE_SCHEMA, AUDIT_STREAM_SCHEMA, VERIFY_SCHEMA } from './audit-answers.schema';

const POSITION = /^(0|[1-9][0-9]{0,39})$/;

export class AuditEventsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'a global position: events strictly after it' })
  @IsOptional()
  @Matches(POSITION, { message: 'after must be a global position (a decimal string)' })
  after?: string;

  @OptionalText() streamId?: string;
  @OptionalText() customerId?: string;
  @OptionalText() type?: string;
  @OptionalText() actor?: string;
  @OptionalText() correlationId?: string;
  @BusinessTimeField({ optional: true }) from?: string;
  @BusinessTimeField({ optional: true }) to?: string;
}

export class VerifyQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  streamId?: string;
}

/** The event log for auditors: read, export (NDJSON) and verify the hash chains. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor')
@ApiReadProblems()
@Controller('audit')
export class AuditController {
  private readonly log: AuditLog;

  constructor(store: EventStore, sealed: SealedEventStore) {
    this.log = new AuditLog(store, sealed);
  }

  /**
   * Events in global order with all metadata. With `Accept: application/x-ndjson` every matching
   * event is streamed, one per line and without a page limit, pausing whenever the client reads
   * slower than the log is read, so memory stays flat for any size of export.
   */
  @ApiResponse({
    status: 200,
    description: 'A page of events in global order; with Accept: application/x-ndjson every matching event, one per line',
    content: { 'application/json': { schema: AUDIT_PAGE_SCHEMA }, 'application/x-ndjson': { schema: AUDIT_EVENT_SCHEMA } },
  })
  @Get('events')
  async events(@Query() query: AuditEventsQuery, @Headers('accept') accept: string | undefined) {
    const { streamId, customerId, type, actor, correlationId, from, to } = query;
    const filter = { streamId, customerId, type, actor, correlationId, from, to };
    const after = query.after ?? query.cursor;
    if (after !== undefined && !POSITION.test(after)) {
      throw new ProblemException(problem(400, 'validation', 'Invalid request', 'The cursor is not valid.', { errors: [{ field: 'cursor', message: 'must be a global position' }] }));
    }
    if (!accept?.includes('application/x-ndjson')) return this.log.page(filter, query.limit ?? 50, after);

    const log = this.log;
    async function* lines() {
      for await (const event of log.events(filter, after)) yield `${JSON.stringify(event)}\n`;
    }
    // Readable.from pulls one event at a time as the response drains: backpressure, flat memory.
    // A failure before the first line is a problem document like any other (Fastify sends no
    // header before the stream's first data, and hands the error to our filter); after it, Fastify
    // cuts the connection, so that a truncated export can never pass for a complete one.
    return new StreamableFile(Readable.from(lines()), { type: 'application/x-ndjson' });
  }

  @ApiAnswer(AUDIT_STREAM_SCHEMA, 'One stream, all versions')
  @ApiProblems(404)
  @Get('streams/:streamId')
  async stream(@Param('streamId') streamId: string) {
    const events = await this.log.stream(streamId);
    if (events.length === 0) throw new ProblemException(problem(404, 'not-found', 'Not found', `stream '${streamId.slice(0, 200)}' does not exist`));
    return { streamId, events };
  }

  /** Recomputes every stream's hash chain (or one stream's) and names each broken link. */
  @ApiAnswer(VERIFY_SCHEMA, "Every stream's hash chain recomputed, each broken link named")
  @Get('verify')
  verify(@Query() query: VerifyQuery) {
    return this.log.verify(query.streamId);
  }
}
