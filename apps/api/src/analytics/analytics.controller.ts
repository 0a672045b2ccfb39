import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/roles.decorator';
import { ConsistentRead } from '../queries/consistent-read';
import { CustomerRanks } from '../queries/customer-ranks';
import { ConsistencyQuery, OptionalEnum } from '../queries/query.dto';
import { BusinessTimeField, EnumField } from '../commands/dto/fields';
import { LEAD_SOURCES } from '@crm/domain';
import { SegmentDimension } from '@crm/projections';
import { AnalyticsQueries, SEGMENT_DIMENSIONS } from './analytics-queries';
import { ApiAnswer, ApiProblems, ApiReadProblems } from '../http/api-answer.decorator';
import { FUNNEL_SCHEMA, PARETO_SCHEMA, SEGMENTS_SCHEMA } from './analytics-answers.schema';

export class FunnelQuery extends ConsistencyQuery {
  @BusinessTimeField({ optional: true }) from?: string;
  @BusinessTimeField({ optional: true }) to?: string;
  @OptionalEnum(LEAD_SOURCES) source?: string;
}

export class SegmentsQuery extends ConsistencyQuery {
  @EnumField(SEGMENT_DIMENSIONS) by: SegmentDimension;
}

@ApiTags('analytics')
@ApiBearerAuth()
@Roles('analyst')
@ApiReadProblems(503)
@Controller('analytics')
export class AnalyticsController {
  constructor(
    private readonly consistent: ConsistentRead,
    private readonly ranks: CustomerRanks,
    private readonly queries: AnalyticsQueries,
  ) {}

  /** Leads captured, qualified and disqualified; opportunities opened, reaching each stage, won, lost; conversions; median days per stage. */
  @ApiAnswer(FUNNEL_SCHEMA, 'The lead and opportunity funnel')
  @Get('funnel')
  funnel(@Query() query: FunnelQuery, @Res({ passthrough: true }) response: FastifyReply) {
    return this.consistent.run(['leads', 'opportunities'], query, response, () => this.queries.funnel(query));
  }

  /** Revenue, margin, orders and win rate per segment, highest revenue first. */
  @ApiAnswer(SEGMENTS_SCHEMA, 'Revenue, margin, orders and win rate per segment')
  @Get('segments')
  segments(@Query() query: SegmentsQuery, @Res({ passthrough: true }) response: FastifyReply) {
    return this.consistent.run(['segments'], query, response, () => this.queries.segments(query.by));
  }

  /** The 20/80/30 rule on net value: tier shares, the top 20%'s share, and profit without tier C. */
  @ApiAnswer(PARETO_SCHEMA, 'Tiers A, B, C by net value')
  @Get('pareto')
  pareto(@Query() query: ConsistencyQuery, @Res({ passthrough: true }) response: FastifyReply) {
    return this.consistent.run(['customers'], query, response, () => this.ranks.pareto());
  }
}
