import { ArgumentMetadata, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { compiledBody } from './compiled-validation';
import { inputShapeProblem } from './input-shape';
import { FieldError, ProblemException, validationProblem } from './problem';

/** `lines[0].quantity` from class-validator's nested errors. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field: path, message: message.replace(/^.*?\b(should not exist)$/, 'is not a known field') }));
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

/** class-validator as the contract's bodies, queries and paths are held to. */
export const STRICT_VALIDATION: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => new ProblemException(validationProblem(flattenValidationErrors(errors))),
};

const detailFor = (metadata: ArgumentMetadata): string =>
  metadata.type === 'query' ? 'The query parameters are not valid.' : metadata.type === 'param' ? 'The path parameters are not valid.' : 'The request body is not valid.';

/**
 * Whitelist and reject unknown fields (pitfalls.md: never forbidUnknownValues=false), transform
 * into DTO instances, and answer with problem+json listing every failing field path. A body its
 * DTO's compiled plan accepts (compiled-validation.ts) is answered from there; every other input
 * takes the whole of class-validator, which says what is wrong.
 */
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super(STRICT_VALIDATION);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new ProblemException(validationProblem([{ field: '', message: 'the body must be a JSON object' }]));
    }
    // Only what the client sent: custom parameters (the command's metadata) hold live objects.
    const shape = metadata.type === 'body' || metadata.type === 'query' ? inputShapeProblem(value) : undefined;
    if (shape) throw new ProblemException(validationProblem([shape], detailFor(metadata)));
    const fast = metadata.type === 'body' && metadata.metatype ? compiledBody(metadata.metatype) : undefined;
    if (fast) {
      try {
        const instance = fast(value as Record<string, unknown>);
        if (instance) return instance;
      } catch {
        // A constraint that throws does so again below, where it always has.
      }
    }
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      // The exception factory cannot see which part of the request failed; say it here.
      if (error instanceof ProblemException && metadata.type !== 'body') {
        throw new ProblemException({ ...error.problem, detail: detailFor(metadata) });
      }
      throw error;
    }
  }
}
