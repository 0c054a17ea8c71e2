import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { RequestValidationError, type FieldError } from './errors/domain-errors';
import { addRequestWarning } from './request-warnings';
import { assertStorableText } from './unstorable-text';

/** Raised by the strict pass so `transform` can tell unknown fields from invalid ones. */
class ValidationFailure extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('validation failed');
  }
}

const UNKNOWN_FIELD = 'whitelistValidation';

/**
 * Transforming a hostile, thousands-deep JSON body recurses out of stack; that is the client's
 * input, so it is a 422 naming the body instead of a 500.
 *
 * Unknown body fields are ignored, as the old service (pydantic) did, and each is named in the
 * envelope's `meta.warnings`; unknown query parameters are still refused.
 */
class DepthSafeValidationPipe extends ValidationPipe {
  private readonly lenient = new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: false,
    exceptionFactory: (errors) => new RequestValidationError(flatten(errors)),
  });

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Bodies and queries a DTO describes; a raw `@Query()` (the open pixel) reads what it can.
    if (this.toValidate(metadata)) assertStorableText(value, metadata.data ?? metadata.type);
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof RangeError) {
        throw new RequestValidationError([
          { field: metadata.type, message: 'is nested too deeply' },
        ]);
      }
      if (!(error instanceof ValidationFailure)) throw error;
      if (metadata.type !== 'body') throw new RequestValidationError(flatten(error.errors));
      const invalid = flatten(error.errors, '', (name) => name !== UNKNOWN_FIELD);
      if (invalid.length > 0) throw new RequestValidationError(invalid);
      const unknown = flatten(error.errors, '', (name) => name === UNKNOWN_FIELD);
      for (const { field } of unknown) addRequestWarning(`unknown field '${field}' ignored`);
      return this.lenient.transform(value, metadata);
    }
  }
}

/** Validates bodies and queries against the DTOs; each error names its field. */
export function createValidationPipe(): ValidationPipe {
  return new DepthSafeValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => new ValidationFailure(errors),
  });
}

function flatten(
  errors: ValidationError[],
  parent = '',
  include: (constraint: string) => boolean = () => true,
): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {})
      .filter(([name]) => include(name))
      .map(([, message]) => ({
        field,
        message: message.startsWith(`${error.property} `)
          ? message.slice(error.property.length + 1)
          : message,
      }));
    return [...own, ...flatten(error.children ?? [], field, include)];
  });
}
