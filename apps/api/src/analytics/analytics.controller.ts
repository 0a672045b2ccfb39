import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator';
import { ConsistentRead } from '../queries/consistent-read';
import { CustomerRanks } from '../queries/customer-ranks';
import { ConsistencyQuery } from '../queries/query.dto';

@ApiTags('analytics')
@ApiBearerAuth()
@Roles('analyst')
@Controller('analytics')
export class AnalyticsController {
  constructor(
    private readonly consistent: ConsistentRead,
    private readonly ranks: CustomerRanks,
  ) {}

  /** The 20/80/30 rule on net value: tier shares, the top 20%'s share, and profit without tier C. */
  @Get('pareto')
  pareto(@Query() query: ConsistencyQuery, @Res({ passthrough: true }) response: Response) {
    return this.consistent.run(['customers'], query, response, () => this.ranks.pareto());
  }
}
