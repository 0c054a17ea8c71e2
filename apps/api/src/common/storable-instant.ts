import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * The instants the API stores: what `Date.toISOString()` writes with a four-digit year and what
 * PostgreSQL and the client library read back as a valid date. The CHECK constraints of
 * 20261201233000_check_timestamp_ranges hold the database to the same range.
 */
export const EARLIEST_STORABLE_INSTANT = new Date('1970-01-01T00:00:00.000Z');
export const LATEST_STORABLE_INSTANT = new Date('9999-12-31T23:59:59.999Z');

export function isStorableInstant(date: Date): boolean {
  const time = date.getTime();
  return time >= EARLIEST_STORABLE_INSTANT.getTime() && time <= LATEST_STORABLE_INSTANT.getTime();
}

/**
 * The date-time, converted to UTC, lies in the storable range (`9999-12-31T23:59:59-23:59` is in
 * the year 10000). A value that is not a date at all is left to the format validator.
 */
export function IsStorableInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStorableInstant',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return true;
          const date = new Date(value);
          return Number.isNaN(date.getTime()) || isStorableInstant(date);
        },
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must lie between ${EARLIEST_STORABLE_INSTANT.toISOString()} and ${LATEST_STORABLE_INSTANT.toISOString()} once converted to UTC`,
          options,
        ),
      },
    },
    options,
  );
}
