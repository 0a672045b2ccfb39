import { CustomerDocument, ProjectionCatalog, STORE_CLOCK_ID, TimelineItem, customerValue, storeClockProjection, timelineProjection } from '@crm/projections';
import { recencyReference } from '@crm/domain';
import { Filter, ReadStore } from '@crm/read-store';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/roles.decorator';
import { ProblemException, problem } from '../http/problem';
import { ConsistentRead } from './consistent-read';
import { CustomerRanks } from './customer-ranks';
import { BusinessTimeField } from '../commands/dto/fields';
import { ConsistencyQuery, OptionalEnum, OptionalText, PageQuery } from './query.dto';
import { ApiAnswer, ApiProblems, ApiReadProblems } from '../http/api-answer.decorator';
import { CUSTOMER_PAGE_SCHEMA, CUSTOMER_SCHEMA, LIFECYCLE_SCHEMA, TIMELINE_PAGE_SCHEMA, VALUE_SCHEMA } from './query-answers.schema';

const TIMELINE_KINDS = ['lead', 'profile', 'interaction', 'purchase', 'payment', 'cost', 'opportunity', 'lifecycle'];

export class CustomerListQuery extends PageQuery {
  @OptionalEnum(['prospect', 'opportunity', 'customer', 'repeat-customer', 'lost']) funnelStage?: string;
  @OptionalEnum(['active', 'dormant', 'reawakened']) activity?: string;
  @OptionalText() industry?: string;
  @OptionalText() region?: string;
  @OptionalText() ownerId?: string;
  @OptionalEnum(['A', 'B', 'C']) tier?: 'A' | 'B' | 'C';
}

export class ValueQuery extends ConsistencyQuery {
  @BusinessTimeField({
    optional: true,
    description:
      'the time recency (rfm.recencyDays) is measured from; default the latest business time in the store, never past the server clock. ' +
      'Only recency moves: every other figure, the R/F/M scores and the tier are of the whole log (for a customer as of a past time, see /customers/{id}/state?asOf=)',
  })
  asOf?: string;
}

export class TimelineQuery extends PageQuery {
  @ApiPropertyOptional({ description: `comma-separated: ${TIMELINE_KINDS.join(', ')}` })
  @IsOptional()
  @Matches(new RegExp(`^(${TIMELINE_KINDS.join('|')})(,(${TIMELINE_KINDS.join('|')}))*$`), { message: `kinds must be a comma-separated list of: ${TIMELINE_KINDS.join(', ')}` })
  kinds?: string;
}

export const customerProfile = (doc: CustomerDocument) => ({
  customerId: doc.customerId,
  name: doc.name,
  company: doc.company,
  industry: doc.industry,
  region: doc.region,
  size: doc.size,
  email: doc.email,
  phone: doc.phone,
  customFields: doc.customFields,
  ownerId: doc.ownerId,
  currency: doc.currency,
  source: doc.source,
  leadId: doc.leadId,
  registeredAt: doc.registeredAt,
  funnelStage: doc.funnelStage,
  activity: doc.activity,
  lastActivityAt: doc.lastActivityAt,
  /** Present once ForgetCustomer ran: name, email and phone then read "[erased]". */
  forgottenAt: doc.forgottenAt,
});

const notFound = (id: string) => new ProblemException(problem(404, 'not-found', 'Not found', `customer '${id}' does not exist`, { aggregate: 'customer', id }));

@ApiTags('customers')
@ApiBearerAuth()
@Roles('service', 'analyst')
@ApiReadProblems(503)
@Controller('customers')
export class CustomersQueryController {
  constructor(
    private readonly reads: ReadStore,
    private readonly consistent: ConsistentRead,
    private readonly ranks: CustomerRanks,
  ) {
    this.catalog = new ProjectionCatalog(reads);
  }

  private readonly catalog: ProjectionCatalog;

  @ApiAnswer(CUSTOMER_PAGE_SCHEMA, 'A page of customers')
  @Get()
  list(@Query() query: CustomerListQuery, @Res({ passthrough: true }) response: FastifyReply) {
    return this.consistent.run(['customers'], query, response, async () => {
      const { funnelStage, activity, industry, region, ownerId } = query;
      const where: Filter = Object.fromEntries(Object.entries({ funnelStage, activity, industry, region, ownerId }).filter(([, v]) => v !== undefined)) as Record<string, string>;
      if (query.tier) {
        const range = await this.ranks.tierRange(query.tier);
        if (range === 'empty') return { items: [], nextCursor: null };
        where.netValueMinor = range;
      }
      const page = await this.reads.find(await this.ranks.customers(), { where, limit: query.limit ?? 50, cursor: query.cursor });
      return { items: page.items.map((doc) => customerProfile(doc as CustomerDocument)), nextCursor: page.nextCursor };
    });
  }

  @ApiAnswer(CUSTOMER_SCHEMA, 'The profile with custom fields, owner, funnel stage and activity')
  @ApiProblems(404)
  @Get(':id')
  get(@Param('id') id: string, @Query() query: ConsistencyQuery, @Res({ passthrough: true }) response: FastifyReply) {
    return this.consistent.run(['customers'], query, response, async () => customerProfile(await this.customer(id)));
  }

  @ApiAnswer(LIFECYCLE_SCHEMA, 'Funnel stage and activity, with their history')
  @ApiProblems(404)
  @Get(':id/lifecycle')
  lifecycle(@Param('id') id: string, @Query() query: ConsistencyQuery, @Res({ passthrough: true }) response: FastifyReply) {
    return this.consistent.run(['customers'], query, response, async () => {
      const doc = await this.customer(id);
      const { funnelStage, activity, since, dormantSince, reawakenedAt, lastActivityAt, history } = doc;
      return { funnelStage, activity, since, dormantSince, reawakenedAt, lastActivityAt, history };
    });
  }

  @ApiAnswer(VALUE_SCHEMA, 'Revenue, margin, costs, payments, satisfaction, RFM and tier')
  @ApiProblems(404)
  @Get(':id/value')
  value(@Param('id') id: string, @Query() query: ValueQuery, @Res({ passthrough: true }) response: FastifyReply) {
    return this.consistent.run(['customers', 'store-clock'], query, response, async () => {
      const doc = await this.customer(id);
      const storeClock = (await this.reads.get(await this.catalog.collection(storeClockProjection, 'clock'), STORE_CLOCK_ID))?.latestBusinessTime as string | undefined;
      const asOf = query.asOf ?? recencyReference(storeClock, new Date().toISOString());
      return customerValue(doc, await this.ranks.ranksOf(doc), asOf);
    });
  }

  @ApiAnswer(TIMELINE_PAGE_SCHEMA, 'Every event about the customer, oldest first by business time then position')
  @ApiProblems(404)
  @Get(':id/timeline')
  timeline(@Param('id') id: string, @Query() query: TimelineQuery, @Res({ passthrough: true }) response: FastifyReply) {
    return this.consistent.run(['customers', 'timeline'], query, response, async () => {
      await this.customer(id);
      const page = await this.reads.find(await this.catalog.collection(timelineProjection, 'timeline'), {
        where: { customerId: id, ...(query.kinds ? { kind: query.kinds.split(',') } : {}) },
        sort: { field: 'sortKey', direction: 'asc' },
        limit: query.limit ?? 50,
        cursor: query.cursor,
      });
      const items = (page.items as TimelineItem[]).map(({ at, type, streamId, position, actor, summary, kind, data }) => ({ at, type, kind, streamId, position, actor, summary, data }));
      return { items, nextCursor: page.nextCursor };
    });
  }

  private async customer(id: string): Promise<CustomerDocument> {
    const doc = (await this.reads.get(await this.ranks.customers(), id)) as CustomerDocument | undefined;
    if (!doc) throw notFound(id);
    return doc;
  }
}
