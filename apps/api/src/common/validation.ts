import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { RequestValidationError, type FieldError } from './errors/domain-errors';
import { assertStorableText } from './unstorable-text';

/**
 * Transforming a hostile, thousands-deep JSON body recurses out of stack; that is the client's
 * input, so it is a 422 naming the body instead of a 500.
 */
class DepthSafeValidationPipe extends ValidationPipe {
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
      throw error;
    }
  }
}

/** Validates bodies and queries against the DTOs; unknown fields are refused, each error names its field. */
export function createValidationPipe(): ValidationPipe {
  return new DepthSafeValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => new RequestValidationError(flatten(errors)),
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.startsWith(`${error.property} `)
        ? message.slice(error.property.length + 1)
        : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
