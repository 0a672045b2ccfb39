import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** Query strings are strings: numbers are converted explicitly (never enableImplicitConversion, see pitfalls.md). */
const toInteger = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);

/** minPosition/timeoutMs: read-your-writes for every query. */
export class ConsistencyQuery {
  @ApiPropertyOptional({ description: 'wait until the projections have processed this global position' })
  @IsOptional()
  @Matches(/^(0|[1-9][0-9]{0,39})$/, { message: 'minPosition must be a global position (a decimal string)' })
  minPosition?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 30000, default: 5000 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(30_000)
  timeoutMs?: number;
}

export class PageQuery extends ConsistencyQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 50 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: "the previous page's nextCursor" })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

export const OptionalEnum = (values: readonly string[]) => (target: object, property: string) => {
  IsOptional()(target, property);
  IsIn(values as string[], { message: `${property} must be one of: ${values.join(', ')}` })(target, property);
  ApiPropertyOptional({ enum: values })(target, property);
};

export const OptionalText = () => (target: object, property: string) => {
  IsOptional()(target, property);
  IsString()(target, property);
  MaxLength(200)(target, property);
  ApiPropertyOptional()(target, property);
};
