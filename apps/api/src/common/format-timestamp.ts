import { isStorableInstant } from './storable-instant';

/**
 * A stored instant as ISO 8601 UTC for a response. An instant the client library could not read
 * (an invalid Date) or outside the storable range comes out as null: one bad row must not turn a
 * whole list into a 500 (`toISOString()` throws on an invalid Date).
 */
export function formatTimestamp(date: Date | null | undefined): string | null {
  if (!(date instanceof Date) || !isStorableInstant(date)) return null;
  return date.toISOString();
}
