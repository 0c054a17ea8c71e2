import { hostname } from 'node:os';
import { pino, stdTimeFunctions, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { redactCredentialFields } from './redaction/redact-fields';
import { redactCredentialsInText } from './redaction/redact-text';
import { serializeError } from './serialize-error';

export type { Logger } from 'pino';

/** The apps' `LOG_LEVEL` values, and `silent` for tests. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface LoggerOptions {
  /** The service, as `name` in every line: `publishing-api`, `publishing-worker`… */
  name: string;
  level: LogLevel;
  /** `NODE_ENV`: pretty lines in development, one JSON object per line anywhere else. */
  environment?: string;
  /** File descriptor (1: stdout, the default; 2: stderr) or a stream, as tests capture lines. */
  destination?: 1 | 2 | DestinationStream;
  /** Fields in every line, e.g. `{ worker_id }`. */
  base?: Record<string, unknown>;
}

/**
 * The one logger factory of the services. Whatever a line carries goes through the credential
 * redaction twice: fields by name (`password`, `authorization`, `webhook_url`… at any depth), then
 * the finished line as text (passwords in URLs, `password=` pairs, bearer tokens), which also
 * covers messages, error messages and stacks.
 */
export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? 1;
  const stream =
    options.environment === 'development'
      ? pretty({
          // Synchronous: a process that exits right after logging (a failed start) loses nothing.
          sync: true,
          destination,
          colorize: typeof destination === 'number' && isTerminal(destination),
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname',
          singleLine: true,
        })
      : typeof destination === 'number'
        ? pino.destination({ fd: destination, sync: true })
        : destination;
  const logger = pino(
    {
      name: options.name,
      level: options.level,
      base: { pid: process.pid, hostname: hostname(), ...options.base },
      timestamp: stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => redactCredentialFields(bindings),
        log: (fields) => redactCredentialFields(fields),
      },
      serializers: { err: serializeError, error: serializeError },
      hooks: { streamWrite: redactCredentialsInText },
    },
    stream,
  );
  // pino runs `formatters.bindings` on the root's bindings only; a child's (`logger.child({ url })`)
  // would be written as given. Children are created from this object's prototype chain, so they
  // inherit this `child` too.
  const pinoChild = Object.getPrototypeOf(logger) as Pick<Logger, 'child'>;
  logger.child = function (this: Logger, bindings, childOptions) {
    return pinoChild.child.call(this, redactCredentialFields(bindings), childOptions);
  } as Logger['child'];
  return logger;
}

function isTerminal(fd: 1 | 2): boolean {
  return (fd === 1 ? process.stdout : process.stderr).isTTY === true;
}
