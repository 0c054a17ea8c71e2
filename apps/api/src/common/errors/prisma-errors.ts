import { Prisma } from '@publishing/db';
import type { FieldError } from './domain-errors';

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
};

export interface MappedPrismaError {
  status: number;
  detail: string;
  errors?: FieldError[];
}

/**
 * Prisma errors by code: unique → 409, not found → 404, foreign key → 409 (the row is referenced
 * or refers to something missing: a conflict with the current state). Anything else is a 500.
 */
export function mapPrismaError(error: unknown): MappedPrismaError | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return undefined;
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

/** With driver adapters the constraint name sits in the adapter error's cause. */
function constraintOf(error: Prisma.PrismaClientKnownRequestError): string | undefined {
  const meta = error.meta as
    | { target?: unknown; driverAdapterError?: { cause?: { constraint?: { index?: string } } } }
    | undefined;
  const fromAdapter = meta?.driverAdapterError?.cause?.constraint?.index;
  if (fromAdapter) return fromAdapter;
  return typeof meta?.target === 'string' ? meta.target : undefined;
}
