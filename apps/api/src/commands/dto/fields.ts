import { applyDecorators, Type as NestType } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
  registerDecorator,
} from 'class-validator';

export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
const TAG_PATTERN = /^[^\s,][^,]{0,63}$/;
const CUSTOM_FIELD_KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const MAX_MONEY = 1e12;
const MAX_DECIMAL_PLACES = 4;

interface FieldOptions {
  optional?: boolean;
  description?: string;
}

/** Absent means absent: only `undefined` skips validation, so an explicit null is an error. */
const presence = (optional?: boolean) =>
  optional ? ValidateIf((_object: object, value: unknown) => value !== undefined) : IsDefined({ message: '$property is required' });

const doc = (options: FieldOptions, schema: Record<string, unknown>) =>
  ApiProperty({ required: !options.optional, description: options.description, ...schema });

export const IdField = (options: FieldOptions = {}) =>
  applyDecorators(
    presence(options.optional),
    IsString(),
    Matches(ID_PATTERN, { message: '$property must be 1-64 characters of A-Z a-z 0-9 . _ : -' }),
    doc(options, { type: String, pattern: ID_PATTERN.source, example: 'c42' }),
  );

/**
 * A UTF-16 surrogate without its pair: JSON's \uD800 escapes make one, no UTF-8 byte sequence holds
 * one, so a sealed personal field would come back with U+FFFD in its place. Refused as input.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Something to see: neither whitespace nor only the invisible format characters (zero-width space, joiners, word joiner, BOM). */
const VISIBLE = /[^\s\u200B-\u200D\u2060\uFEFF]/;

export const TextField = (maxLength: number, options: FieldOptions = {}) =>
  applyDecorators(
    presence(options.optional),
    IsString(),
    Matches(VISIBLE, { message: '$property must not be blank' }),
    IsWellFormed(false),
    MaxLength(maxLength),
    doc(options, { type: String, maxLength }),
  );

export const EnumField = (values: readonly string[], options: FieldOptions = {}) =>
  applyDecorators(
    presence(options.optional),
    IsIn(values as string[], { message: `$property must be one of: ${values.join(', ')}` }),
    doc(options, { enum: values }),
  );

export const NumberField = (min: number, max: number, options: FieldOptions & { integer?: boolean; exclusiveMin?: boolean } = {}) =>
  applyDecorators(
    presence(options.optional),
    options.integer ? IsInt() : IsNumber({ allowNaN: false, allowInfinity: false }),
    ...(options.integer ? [] : [HasDecimalPlaces(MAX_DECIMAL_PLACES)]),
    options.exclusiveMin ? IsGreaterThan(min) : Min(min),
    Max(max),
    doc(options, { type: Number, minimum: min, maximum: max, exclusiveMinimum: options.exclusiveMin || undefined }),
  );

export const MoneyField = (options: FieldOptions & { positive?: boolean } = {}) =>
  NumberField(0, MAX_MONEY, { ...options, exclusiveMin: options.positive, description: options.description ?? 'decimal amount in the customer currency' });

/**
 * ISO-8601 business time: a date, or a date-time with a zone (Z or ±hh:mm). Normalised to
 * UTC `toISOString()` form so equal instants compare equal in the log.
 */
export const BusinessTimeField = (options: FieldOptions = {}) =>
  applyDecorators(
    presence(options.optional),
    Transform(({ value }) => (typeof value === 'string' && parseBusinessTime(value) !== undefined ? parseBusinessTime(value) : value)),
    IsBusinessTime(),
    doc(options, { type: String, format: 'date-time', example: '2026-11-22T09:30:00Z' }),
  );

export const TagsField = (options: FieldOptions = {}) =>
  applyDecorators(
    presence(options.optional),
    IsArray(),
    ArrayMaxSize(50),
    IsString({ each: true }),
    Matches(TAG_PATTERN, { each: true, message: 'each tag must be 1-64 characters without commas' }),
    IsWellFormed(true),
    doc(options, { type: [String], maxItems: 50 }),
  );

export const NestedField = (type: () => NestType<unknown>, options: FieldOptions = {}) =>
  applyDecorators(presence(options.optional), IsObject(), ValidateNested(), Type(type), doc(options, { type }));

export const NestedArrayField = (type: () => NestType<unknown>, limits: { min: number; max: number }, options: FieldOptions = {}) =>
  applyDecorators(
    presence(options.optional),
    IsArray(),
    ArrayMinSize(limits.min),
    ArrayMaxSize(limits.max),
    // Each item an object: ValidateNested alone walks into an inner array (`[[]]` passed it).
    IsObject({ each: true, message: 'each item of $property must be an object' }),
    ValidateNested({ each: true }),
    Type(type),
    doc(options, { type: [type()], minItems: limits.min, maxItems: limits.max }),
  );

export const CustomFieldsField = (options: FieldOptions & { allowNull?: boolean } = {}) =>
  applyDecorators(
    presence(options.optional),
    IsCustomFields(options.allowNull ?? false),
    doc(options, {
      type: 'object',
      additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, ...(options.allowNull ? [{ type: 'null' }] : [])] },
      description: 'flat object of string, number or boolean values' + (options.allowNull ? '; null removes a field' : ''),
    }),
  );

export function parseBusinessTime(value: string): string | undefined {
  const match = value.match(/^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.parse rolls 2026-02-30 over into March; a real calendar date round-trips unchanged.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  if (year < 1900 || year > 2200) return undefined;
  const millis = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(millis) ? undefined : new Date(millis).toISOString();
}

/** A rule of our own as a class-validator decorator: its name, its test, and what it says when the test fails. */
function rule(
  name: string,
  validate: (value: unknown) => boolean,
  message: (args?: ValidationArguments) => string,
  { constraints, each }: { constraints?: unknown[]; each?: boolean } = {},
): PropertyDecorator {
  return (object: object, propertyName: string | symbol): void =>
    registerDecorator({ name, target: object.constructor, propertyName: String(propertyName), constraints, options: each ? { each } : undefined, validator: { validate, defaultMessage: message } });
}

const IsBusinessTime = () =>
  rule(
    'isBusinessTime',
    (value) => typeof value === 'string' && parseBusinessTime(value) === value,
    (args) => `${args?.property} must be an ISO-8601 date or date-time with a zone (Z or ±hh:mm), years 1900-2200`,
  );

/**
 * Decimal places of a number as JSON would write it. class-validator's own check reads the digits
 * after a '.' and crashed on exponent forms (1e-7, 5e-324): here `1.5e-7` has 8 places.
 */
export function decimalPlaces(value: number): number {
  const [mantissa, exponent = '0'] = String(value).split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

const HasDecimalPlaces = (max: number) =>
  rule('hasDecimalPlaces', (value) => typeof value === 'number' && decimalPlaces(value) <= max, (args) => `${args?.property} must have at most ${max} decimal places`, { constraints: [max] });

const IsWellFormed = (each: boolean) =>
  rule(
    'isWellFormed',
    (value) => typeof value !== 'string' || !LONE_SURROGATE.test(value),
    (args) => `${each ? 'each item of ' : ''}${args?.property} must be well-formed Unicode (no lone surrogates)`,
    { each },
  );

const IsGreaterThan = (min: number) =>
  rule('isGreaterThan', (value) => typeof value === 'number' && value > min, (args) => `${args?.property} must be greater than ${min}`, { constraints: [min] });

const IsCustomFields = (allowNull: boolean) =>
  rule('isCustomFields', (value) => customFieldsProblem(value, allowNull) === undefined, (args) => `${args?.property} ${customFieldsProblem(args?.value, allowNull)}`);

function customFieldsProblem(value: unknown, allowNull: boolean): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object';
  const entries = Object.entries(value);
  if (entries.length > 100) return 'may hold at most 100 fields';
  for (const [key, field] of entries) {
    if (!CUSTOM_FIELD_KEY.test(key)) return `key "${key.slice(0, 70)}" must start with a letter and use A-Z a-z 0-9 _ . - (max 64)`;
    if (field === null && allowNull) continue;
    if (typeof field === 'string' && field.length <= 1000 && !LONE_SURROGATE.test(field)) continue;
    if (typeof field === 'number' && Number.isFinite(field)) continue;
    if (typeof field === 'boolean') continue;
    return `field "${key}" must be a string (max 1000, well-formed Unicode), a finite number or a boolean${allowNull ? ', or null to remove it' : ''}`;
  }
  return undefined;
}
