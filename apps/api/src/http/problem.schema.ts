import type { OpenAPIObject } from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** The component name under which addProblemSchema registers PROBLEM_SCHEMA in the OpenAPI document. */
export const PROBLEM_SCHEMA_NAME = 'Problem';

/** RFC 9457 problem details (apps/api/src/http/problem.ts), the body of every error of this API. */
export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    type: { type: 'string', example: '/problems/validation' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      description: 'For a 400: each invalid field and why',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } }, required: ['field', 'message'] },
    },
  },
  required: ['type', 'title', 'status', 'detail'],
  additionalProperties: true,
};

export const problemRef = (): ReferenceObject => ({ $ref: `#/components/schemas/${PROBLEM_SCHEMA_NAME}` });

/** Every error answer refers to the problem schema by name: register it once in the document. */
export function addProblemSchema(document: OpenAPIObject): void {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, [PROBLEM_SCHEMA_NAME]: PROBLEM_SCHEMA } };
}
