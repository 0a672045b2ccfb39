import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** Small builders for the OpenAPI schemas of answers that are plain objects, not DTO classes. */
export const string = (description?: string): SchemaObject => ({ type: 'string', ...(description ? { description } : {}) });
export const time = (description?: string): SchemaObject => ({ type: 'string', format: 'date-time', ...(description ? { description } : {}) });
export const number = (description?: string): SchemaObject => ({ type: 'number', ...(description ? { description } : {}) });
export const integer = (description?: string): SchemaObject => ({ type: 'integer', ...(description ? { description } : {}) });
export const boolean = (description?: string): SchemaObject => ({ type: 'boolean', ...(description ? { description } : {}) });
export const position = (description = 'a global position of the log, a decimal string (it can exceed 2^53)'): SchemaObject => ({ type: 'string', pattern: '^[0-9]+$', description });
export const oneOf = (values: readonly string[], description?: string): SchemaObject => ({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
export const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });
export const arrayOf = (items: SchemaObject): SchemaObject => ({ type: 'array', items });
export const mapOf = (values: SchemaObject, description?: string): SchemaObject => ({ type: 'object', additionalProperties: values, ...(description ? { description } : {}) });

/** An object; `required` defaults to every property (answers name what api.md names, always). */
export const object = (properties: Record<string, SchemaObject>, required: string[] = Object.keys(properties)): SchemaObject => ({
  type: 'object',
  properties,
  ...(required.length > 0 ? { required } : {}),
});

/** A page of a list (api.md "Queries"): items and the cursor of the next page, null on the last. */
export const page = (item: SchemaObject): SchemaObject =>
  object({ items: arrayOf(item), nextCursor: nullable(string("the next page's cursor; null on the last page")) });
