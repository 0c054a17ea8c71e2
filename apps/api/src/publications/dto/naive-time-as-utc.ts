import { Transform } from 'class-transformer';

const DATE_TIME_WITHOUT_OFFSET = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)$/i;

/**
 * A date-time without an offset is read as UTC, as the old service did (its clients send
 * Python's naive `datetime.utcnow().isoformat()`); anything else is left for the validators.
 */
export const NaiveTimeAsUtc = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.replace(DATE_TIME_WITHOUT_OFFSET, '$1T$2Z') : value,
  );
