import { Param, ParseUUIDPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { MalformedIdError } from './errors/domain-errors';

// Request helpers every resource's routes and DTOs share.

/** A UUID path parameter; anything else is a 404 (nothing has that id), never a database error. */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => new MalformedIdError(name) }));

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

/**
 * Strings PostgreSQL can store: text and jsonb refuse U+0000, and jsonb refuses unpaired UTF-16
 * surrogates. Refused here, at any depth of objects and arrays, instead of failing in the database.
 */
export function StorableText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'storableText',
      validator: {
        validate: (value: unknown) => !containsUnstorableText(value),
        defaultMessage: () =>
          '$property must not contain NUL (\\u0000) characters or unpaired surrogates',
      },
    },
    options,
  );
}

const UNPAIRED_SURROGATE = /\p{Surrogate}/u;

function isUnstorable(text: string): boolean {
  return text.includes('\u0000') || UNPAIRED_SURROGATE.test(text);
}

function containsUnstorableText(value: unknown): boolean {
  if (typeof value === 'string') return isUnstorable(value);
  if (Array.isArray(value)) return value.some(containsUnstorableText);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(
      ([key, item]) => isUnstorable(key) || containsUnstorableText(item),
    );
  }
  return false;
}
