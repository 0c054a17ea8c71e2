import { MigrationsFolderError } from '@publishing/db/history';
import type { Logger } from '@publishing/logging';
import { ExitCode } from './exit-codes';
import { MigratorError } from './migrator-error';
import type { Reporter } from './reporter';

/**
 * Prints an error for a person (or as JSON) and returns the exit code. Its stack trace is a
 * diagnostic: logged at debug level, shown with DEBUG=migrator.
 */
export function renderError(error: unknown, reporter: Reporter, diagnostics?: Logger): number {
  const known =
    error instanceof MigratorError
      ? error
      : error instanceof MigrationsFolderError
        ? new MigratorError(error.message, undefined, ExitCode.Usage)
        : new MigratorError(
            `Unexpected error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
            'Run again with DEBUG=migrator for details.',
          );
  if (reporter.json) {
    reporter.document({
      error: {
        message: known.message,
        hint: known.hint,
        exitCode: known.exitCode,
        ...known.details,
      },
    });
  } else {
    process.stderr.write(`Error: ${known.message}\n${known.hint ? `  → ${known.hint}\n` : ''}`);
  }
  if (error instanceof Error) diagnostics?.debug({ err: error }, 'stack trace of the error above');
  return known.exitCode;
}
