import { Prisma } from '@publishing/db';
import { EARLIEST_STORABLE_INSTANT, LATEST_STORABLE_INSTANT } from '../storable-instant';
import type { FieldError } from './domain-errors';

const STORABLE_RANGE_MESSAGE = `must lie between ${EARLIEST_STORABLE_INSTANT.toISOString()} and ${LATEST_STORABLE_INSTANT.toISOString()}`;

/** Constraint names of the schema, as field-level messages a client can act on. */
const CONSTRAINT_MESSAGES: Record<string, FieldError> = {
  publishing_channels_name_key: { field: 'name', message: 'is already used by another channel' },
  publishing_subscribers_email_key: {
    field: 'email',
    message: 'is already subscribed (emails are compared case-insensitively)',
  },
  publishing_api_keys_key_prefix_key: { field: 'key', message: 'collides with an existing key' },
  publishing_subscriber_channels_pkey: {
    field: 'channel_id',
    message: 'is already subscribed by this subscriber',
  },
  publishing_publications_scheduled_time_range: {
    field: 'scheduled_time',
    message: STORABLE_RANGE_MESSAGE,
  },
  publishing_publications_published_time_range: {
    field: 'published_time',
    message: STORABLE_RANGE_MESSAGE,
  },
  publishing_api_keys_expires_at_range: { field: 'expires_at', message: STORABLE_RANGE_MESSAGE },
};

/**
 * Prisma's codes for a value the query or the column cannot take: too long (P2000), of the wrong
 * form or type (P2005-P2007, P2009, P2019, P2023), missing or null where required (P2011, P2012),
 * out of range (P2020, P2033). Request validation should catch these first; one that slips
 * through is still the client's value, not a server fault.
 */
const INVALID_VALUE_CODES = new Set([
  'P2000',
  'P2005',
  'P2006',
  'P2007',
  'P2009',
  'P2011',
  'P2012',
  'P2019',
  'P2020',
  'P2023',
  'P2033',
]);

/** SQLSTATEs of the same kind, for errors Prisma passes on from the driver under a generic code. */
const DATA_EXCEPTION_CLASS = '22';
const NOT_NULL_VIOLATION = '23502';
const CHECK_VIOLATION = '23514';

const INVALID_VALUE_DETAIL =
  'A value in the request cannot be stored: it is too long, out of range or of the wrong form for its field.';

export interface MappedPrismaError {
  status: number;
  detail: string;
  errors?: FieldError[];
}

/**
 * Prisma errors by code: unique → 409, not found → 404, foreign key → 409 (the row is referenced
 * or refers to something missing: a conflict with the current state), a value the database or
 * Prisma's own validation refuses → 422. Anything else is a 500. No detail echoes Prisma's
 * message: it quotes the query.
 */
export function mapPrismaError(error: unknown): MappedPrismaError | undefined {
  if (error instanceof Prisma.PrismaClientValidationError) {
    return { status: 422, detail: INVALID_VALUE_DETAIL };
  }
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return undefined;
  const invalidValue = invalidValueOf(error);
  if (invalidValue) return invalidValue;
  switch (error.code) {
    case 'P2002': {
      const constraint = constraintOf(error);
      const field = constraint ? CONSTRAINT_MESSAGES[constraint] : undefined;
      return {
        status: 409,
        detail: field
          ? `${field.field} ${field.message}.`
          : 'A resource with these unique values already exists.',
        errors: field ? [field] : undefined,
      };
    }
    case 'P2025':
      return { status: 404, detail: 'The resource was not found.' };
    case 'P2003':
      return {
        status: 409,
        detail:
          'The operation conflicts with related resources (a reference is missing or still in use).',
      };
    default:
      return undefined;
  }
}

function invalidValueOf(
  error: Prisma.PrismaClientKnownRequestError,
): MappedPrismaError | undefined {
  const cause = adapterCauseOf(error);
  const sqlState = cause?.originalCode;
  if (sqlState === CHECK_VIOLATION) {
    const constraint = /check constraint "([^"]+)"/.exec(cause?.originalMessage ?? '')?.[1];
    const field = constraint ? CONSTRAINT_MESSAGES[constraint] : undefined;
    return {
      status: 422,
      detail: field ? `${field.field} ${field.message}.` : INVALID_VALUE_DETAIL,
      errors: field ? [field] : undefined,
    };
  }
  const invalid =
    INVALID_VALUE_CODES.has(error.code) ||
    sqlState === NOT_NULL_VIOLATION ||
    sqlState?.startsWith(DATA_EXCEPTION_CLASS) === true;
  return invalid ? { status: 422, detail: INVALID_VALUE_DETAIL } : undefined;
}

interface AdapterCause {
  originalCode?: string;
  originalMessage?: string;
  constraint?: { index?: string };
}

function adapterCauseOf(error: Prisma.PrismaClientKnownRequestError): AdapterCause | undefined {
  const meta = error.meta as { driverAdapterError?: { cause?: AdapterCause } } | undefined;
  return meta?.driverAdapterError?.cause;
}

/** With driver adapters the constraint name sits in the adapter error's cause. */
function constraintOf(error: Prisma.PrismaClientKnownRequestError): string | undefined {
  const meta = error.meta as
    | { target?: unknown; driverAdapterError?: { cause?: { constraint?: { index?: string } } } }
    | undefined;
  const fromAdapter = meta?.driverAdapterError?.cause?.constraint?.index;
  if (fromAdapter) return fromAdapter;
  return typeof meta?.target === 'string' ? meta.target : undefined;
}
