import { stdSerializers } from 'pino';
import { redactCredentialFields } from './redaction/redact-fields';

/**
 * pino's error shape (type, message and stack, its causes' included, and own fields) with
 * credential fields replaced. Takes an error, or what pino's own serializer made of one (pino-http
 * hands that over).
 */
export function serializeError(error: unknown): unknown {
  const serialized: unknown = error instanceof Error ? stdSerializers.err(error) : error;
  if (typeof serialized !== 'object' || serialized === null) return serialized;
  // pino's serialized errors are not plain objects, which the field redaction leaves alone.
  return redactCredentialFields({ ...serialized });
}
