import { OPPORTUNITY_STAGES } from '@crm/domain';
import { OpportunityDocument, ProjectionCatalog, opportunitiesProjection } from '@crm/projections';
import { ReadStore } from '@crm/read-store';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/roles.decorator';
import { ProblemException, problem } from '../http/problem';
import { ConsistentRead } from './consistent-read';
import { opportunityAnswer } from './read-model-answers';
import { ConsistencyQuery, OptionalEnum, OptionalText, PageQuery } from './query.dto';
import { ApiAnswer, ApiProblems, ApiReadProblems } from '../http/api-answer.decorator';
import { OPPORTUNITY_PAGE_SCHEMA, OPPORTUNITY_SCHEMA } from './query-answers.schema';


export class OpportunityListQuery extends PageQuery {
  @OptionalText() customerId?: string;
  @OptionalEnum(OPPORTUNITY_STAGES) stage?: string;
  @OptionalEnum(['open', 'won', 'lost']) status?: string;
  @OptionalText() ownerId?: string;
}

@ApiTags('opportunities')
@ApiBearerAuth()
@Roles('service', 'analyst')
@ApiReadProblems(503)
@Controller('opportunities')
export class OpportunitiesQueryController {
  constructor(
    private readonly reads: ReadStore,
    private readonly consistent: ConsistentRead,
  ) {
    this.catalog = new ProjectionCatalog(reads);
  }

  private readonly catalog: ProjectionCatalog;
  private readonly opportunities = () => this.catalog.collection(opportunitiesProjection, 'opportunities');

  @ApiAnswer(OPPORTUNITY_PAGE_SCHEMA, 'A page of opportunities')
  @Get()
  list(@Query() query: OpportunityListQuery, @Res({ passthrough: true }) response: FastifyReply) {
    return this.consistent.run(['opportunities'], query, response, async () => {
      const { customerId, stage, status, ownerId } = query;
      const where = Object.fromEntries(Object.entries({ customerId, stage, status, ownerId }).filter(([, v]) => v !== undefined)) as Record<string, string>;
      const page = await this.reads.find(await this.opportunities(), { where, limit: query.limit ?? 50, cursor: query.cursor });
      return { items: (page.items as OpportunityDocument[]).map(opportunityAnswer), nextCursor: page.nextCursor };
    });
  }

  @ApiAnswer(OPPORTUNITY_SCHEMA, 'One opportunity')
  @ApiProblems(404)
  @Get(':id')
  get(@Param('id') id: string, @Query() query: ConsistencyQuery, @Res({ passthrough: true }) response: FastifyReply) {
    return this.consistent.run(['opportunities'], query, response, async () => {
      const doc = await this.reads.get(await this.opportunities(), id);
      if (!doc) throw new ProblemException(problem(404, 'not-found', 'Not found', `opportunity '${id}' does not exist`, { aggregate: 'opportunity', id }));
      return opportunityAnswer(doc as OpportunityDocument);
    });
  }
}

