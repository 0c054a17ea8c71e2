import { Transform } from 'class-transformer';
import { buildMessage, isISO8601, ValidateBy, type ValidationOptions } from 'class-validator';

const DATE_TIME_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** An ISO 8601 date-time with an explicit offset (`Z` or `±HH:MM`): the instant is unambiguous. */
export function IsDateTimeWithOffset(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateTimeWithOffset',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          DATE_TIME_WITH_OFFSET.test(value) &&
          isISO8601(value, { strict: true }) &&
          !Number.isNaN(Date.parse(value)),
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be an ISO 8601 date-time with a time zone offset (Z or ±HH:MM)`,
          options,
        ),
      },
    },
    options,
  );
}

/** Later than now; a value that is not a date at all is left to `IsDateTimeWithOffset`. */
export function IsInFuture(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInFuture',
      validator: {
        validate: (value: unknown) => {
          const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
          return Number.isNaN(time) || time > Date.now();
        },
        defaultMessage: buildMessage((each) => `${each}$property must be in the future`, options),
      },
    },
    options,
  );
}

/** Later than the date-time in another property of the same object, when both are given. */
export function IsAfterProperty(property: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAfterProperty',
      constraints: [property],
      validator: {
        validate: (value: unknown, args) => {
          const other: unknown = args
            ? (args.object as Record<string, unknown>)[property]
            : undefined;
          if (typeof value !== 'string' || typeof other !== 'string') return true;
          const [time, otherTime] = [Date.parse(value), Date.parse(other)];
          return Number.isNaN(time) || Number.isNaN(otherTime) || time > otherTime;
        },
        defaultMessage: buildMessage(
          (each) => `${each}$property must be later than $constraint1`,
          options,
        ),
      },
    },
    options,
  );
}

/**
 * In a query string an unencoded `+` arrives as a space: `...T10:00:00 02:00` means `+02:00`.
 */
export const RestorePlusInOffset = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.replace(/ (\d{2}:\d{2})$/, '+$1') : value,
  );

/** UUIDs compared as PostgreSQL does (case-insensitively), so duplicates are caught before it. */
export const LowercaseItems = () =>
  Transform(({ value }: { value: unknown }) =>
    Array.isArray(value)
      ? value.map((item: unknown) => (typeof item === 'string' ? item.toLowerCase() : item))
      : value,
  );
