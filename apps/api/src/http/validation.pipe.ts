import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ProblemException, validationProblem } from './problem';

/** `lines[0].quantity` from class-validator's nested errors. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field: path, message: message.replace(/^.*?\b(should not exist)$/, 'is not a known field') }));
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

/**
 * Whitelist and reject unknown fields (pitfalls.md: never forbidUnknownValues=false), transform
 * into DTO instances, and answer with problem+json listing every failing field path.
 */
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new ProblemException(validationProblem(flattenValidationErrors(errors))),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new ProblemException(validationProblem([{ field: '', message: 'the body must be a JSON object' }]));
    }
    return super.transform(value, metadata);
  }
}
