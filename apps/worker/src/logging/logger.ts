import type { LogLevel } from '../config/worker-config';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * One JSON object per line on stdout (errors on stderr), with the worker id in every line.
 * Callers never pass secrets: channel configurations and recipient addresses stay out of logs.
 */
export function createLogger(
  level: LogLevel,
  base: LogFields,
  write: (line: string, level: LogLevel) => void = defaultWrite,
): Logger {
  const threshold = LEVELS[level];
  const log =
    (at: LogLevel) =>
    (message: string, fields: LogFields = {}) => {
      if (LEVELS[at] < threshold) return;
      write(
        JSON.stringify({
          time: new Date().toISOString(),
          level: at,
          msg: message,
          ...base,
          ...fields,
        }),
        at,
      );
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function defaultWrite(line: string, level: LogLevel): void {
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
