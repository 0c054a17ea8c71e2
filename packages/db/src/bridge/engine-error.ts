import { redactCredentialsInText } from '@publishing/logging/redaction';

export interface EngineErrorPayload {
  /** Prisma error code such as P1001 when known. */
  errorCode: string | undefined;
  message: string;
  isPanic: boolean;
  meta?: unknown;
}

/** Normalises whatever the wasm engine or the driver threw, with any URL's password hidden. */
export function toEngineError(error: unknown): EngineErrorPayload {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<
    string,
    unknown
  >;
  const rawMessage =
    typeof record.message === 'string'
      ? record.message
      : typeof error === 'string'
        ? error
        : String(error);
  const errorCode =
    typeof record.error_code === 'string'
      ? record.error_code
      : typeof record.code === 'string' && /^P\d{4}$/.test(record.code)
        ? record.code
        : connectionErrorCode(record);
  return {
    errorCode,
    message: redactCredentialsInText(rawMessage),
    isPanic: record.is_panic === true,
    meta: record.meta,
  };
}

function connectionErrorCode(record: Record<string, unknown>): string | undefined {
  switch (record.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'P1001';
    case '28P01':
    case '28000':
      return 'P1000';
    case '3D000':
      return 'P1003';
    default:
      return undefined;
  }
}
