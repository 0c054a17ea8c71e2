export { createLogger, type Logger, type LoggerOptions, type LogLevel } from './create-logger';
export { serializeError } from './serialize-error';
export {
  isCredentialName,
  isTokenUrlName,
  redactCredentialFields,
  redactCredentialsInText,
  redactUrl,
  REDACTED,
} from './redaction';
