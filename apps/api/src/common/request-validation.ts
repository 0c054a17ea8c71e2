import { Param, ParseUUIDPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateIf } from 'class-validator';
import { RequestValidationError } from './errors/domain-errors';

// Request helpers every resource's routes and DTOs share.

/** A UUID path parameter; anything else is a 422 naming the parameter, never a database error. */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new RequestValidationError([{ field: name, message: 'must be a UUID' }]),
    }),
  );

/** Optional, but an explicit `null` is validated (and refused) instead of skipped as `@IsOptional()` would. */
export const IsOptionalNotNull = (): PropertyDecorator =>
  ValidateIf((_object, value) => value !== undefined);

export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** `?flag=true|false` as a boolean; anything else stays as sent so `@IsBoolean()` refuses it. */
export const QueryBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  );
