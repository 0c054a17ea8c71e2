import type { EngineLogLine } from '@publishing/db/engine';
import type { Logger } from '@publishing/logging';

/**
 * The migrator's diagnostics, as opposed to its output: the schema engine's own log lines and,
 * with DEBUG=migrator, the stack trace of an error. They go to stderr through the shared logger
 * (pretty, or JSON in production), credentials redacted. The reporter's progress lines, the
 * human result on stdout and the `--json` document are the command's interface and stay as they are.
 */
export async function createDiagnostics(options: {
  debug: boolean;
  production: boolean;
}): Promise<Logger> {
  const { createLogger } = await import('@publishing/logging');
  return createLogger({
    name: 'publishing-migrator',
    level: options.debug ? 'debug' : 'warn',
    environment: options.production ? 'production' : 'development',
    destination: 2,
  });
}

/** The diagnostics logger, loaded when first asked for: most runs never log a line. */
export function lazyDiagnostics(options: {
  debug: boolean;
  production: boolean;
}): () => Promise<Logger> {
  let logger: Promise<Logger> | undefined;
  return () => (logger ??= createDiagnostics(options));
}

/** The engine's INFO lines are its running commentary: shown with DEBUG=migrator only. */
export function engineLogTo(logger: Logger): (line: EngineLogLine) => void {
  return ({ level, message, fields }) => {
    const { message: _message, ...details } = fields;
    const logged = { engine: details };
    if (level === 'ERROR') logger.error(logged, message);
    else if (level === 'WARN') logger.warn(logged, message);
    else logger.debug(logged, message);
  };
}
