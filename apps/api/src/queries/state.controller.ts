import { AGGREGATES, AnyAggregate, AsOf, stateAsOf } from '@crm/application';
import { EventStore } from '@crm/event-store';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { parseBusinessTime } from '../commands/dto/fields';
import { Roles } from '../auth/roles.decorator';
import { ProblemException, problem, validationProblem } from '../http/problem';
import { ApiAnswer, ApiProblems, ApiReadProblems } from '../http/api-answer.decorator';
import { STATE_SCHEMA } from './query-answers.schema';

export class AsOfQuery {
  @ApiPropertyOptional({ description: 'a business time (ISO-8601) or a global position (decimal string); default: now' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  asOf?: string;
}

function parseAsOf(value: string | undefined): AsOf {
  if (value === undefined) return { time: new Date().toISOString() };
  if (/^(0|[1-9][0-9]{0,39})$/.test(value)) return { position: value };
  const time = parseBusinessTime(value);
  if (!time) throw new ProblemException(validationProblem([{ field: 'asOf', message: 'must be an ISO-8601 business time with a zone, a date, or a global position' }]));
  return { time };
}

/** Time travel: any customer, lead or opportunity as of a business time or a position, folded by its own decider. */
/** The aggregate a route names; which one is chosen at run time, so its state is only known to its own decider. */
const aggregateNamed = (name: keyof typeof AGGREGATES): AnyAggregate => AGGREGATES[name];

@ApiTags('time travel')
@ApiBearerAuth()
@Roles('service', 'analyst')
@ApiReadProblems(404)
@Controller()
export class StateController {
  constructor(private readonly store: EventStore) {}

  @ApiAnswer(STATE_SCHEMA, "The customer's state as of a business time or a position")
  @Get('customers/:id/state')
  customer(@Param('id') id: string, @Query() query: AsOfQuery) {
    return this.state('customer', id, query.asOf);
  }

  @ApiAnswer(STATE_SCHEMA, "The lead's state as of a business time or a position")
  @Get('leads/:id/state')
  lead(@Param('id') id: string, @Query() query: AsOfQuery) {
    return this.state('lead', id, query.asOf);
  }

  @ApiAnswer(STATE_SCHEMA, "The opportunity's state as of a business time or a position")
  @Get('opportunities/:id/state')
  opportunity(@Param('id') id: string, @Query() query: AsOfQuery) {
    return this.state('opportunity', id, query.asOf);
  }

  private async state(aggregate: keyof typeof AGGREGATES, id: string, asOfParam: string | undefined) {
    const asOf = parseAsOf(asOfParam);
    const found = await stateAsOf(this.store, aggregateNamed(aggregate), id, asOf);
    if (!found) {
      throw new ProblemException(problem(404, 'not-found', 'Not found', `${aggregate} '${id.slice(0, 100)}' did not exist as of ${asOfParam ?? 'now'}`, { aggregate, id }));
    }
    return { ...found, asOf: 'time' in asOf ? asOf.time : asOf.position };
  }
}
