import { LeadDocument, ProjectionCatalog, leadsProjection } from '@crm/projections';
import { ReadStore } from '@crm/read-store';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { LEAD_SOURCES } from '@crm/domain';
import { Roles } from '../auth/roles.decorator';
import { ProblemException, problem } from '../http/problem';
import { ConsistentRead } from './consistent-read';
import { leadAnswer } from './read-model-answers';
import { ConsistencyQuery, OptionalEnum, OptionalText, PageQuery } from './query.dto';
import { ApiAnswer, ApiProblems, ApiReadProblems } from '../http/api-answer.decorator';
import { LEAD_PAGE_SCHEMA, LEAD_SCHEMA } from './query-answers.schema';


export class LeadListQuery extends PageQuery {
  @OptionalEnum(['open', 'qualified', 'disqualified']) status?: string;
  @OptionalEnum(LEAD_SOURCES) source?: string;
  @OptionalText() tag?: string;
}

@ApiTags('leads')
@ApiBearerAuth()
@Roles('service', 'analyst')
@ApiReadProblems(503)
@Controller('leads')
export class LeadsQueryController {
  constructor(
    private readonly reads: ReadStore,
    private readonly consistent: ConsistentRead,
  ) {
    this.catalog = new ProjectionCatalog(reads);
  }

  private readonly catalog: ProjectionCatalog;

  @ApiAnswer(LEAD_PAGE_SCHEMA, 'A page of leads')
  @Get()
  list(@Query() query: LeadListQuery, @Res({ passthrough: true }) response: FastifyReply) {
    return this.consistent.run(['leads'], query, response, async () => {
      const where = Object.fromEntries(Object.entries({ status: query.status, source: query.source }).filter(([, v]) => v !== undefined)) as Record<string, string>;
      const limit = query.limit ?? 50;
      const LEADS = await this.catalog.collection(leadsProjection, 'leads');
      if (query.tag === undefined) {
        const page = await this.reads.find(LEADS, { where, limit, cursor: query.cursor });
        return { items: (page.items as LeadDocument[]).map(leadAnswer), nextCursor: page.nextCursor };
      }
      // By tag: page through the tag documents (which carry status and source), then fetch the leads.
      const page = await this.reads.find(await this.catalog.collection(leadsProjection, 'lead_tags'), { where: { ...where, tag: query.tag }, limit, cursor: query.cursor });
      const leads = await Promise.all(page.items.map((tagged) => this.reads.get(LEADS, tagged.leadId as string)));
      return { items: leads.filter((lead): lead is LeadDocument => lead !== undefined).map(leadAnswer), nextCursor: page.nextCursor };
    });
  }

  @ApiAnswer(LEAD_SCHEMA, 'One lead')
  @ApiProblems(404)
  @Get(':id')
  get(@Param('id') id: string, @Query() query: ConsistencyQuery, @Res({ passthrough: true }) response: FastifyReply) {
    return this.consistent.run(['leads'], query, response, async () => {
      const lead = await this.reads.get(await this.catalog.collection(leadsProjection, 'leads'), id);
      if (!lead) throw new ProblemException(problem(404, 'not-found', 'Not found', `lead '${id}' does not exist`, { aggregate: 'lead', id }));
      return leadAnswer(lead as LeadDocument);
    });
  }
}

