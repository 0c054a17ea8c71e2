import { stdSerializers } from 'pino';
import { redactCredentialFields } from './redaction/redact-fields';

/** pino's error shape (type, message, stack, cause, own fields) with credential fields replaced. */
export function serializeError(error: unknown): unknown {
  return error instanceof Error
    ? redactCredentialFields({ ...stdSerializers.err(error) })
    : redactCredentialFields(error);
}
