import { MigrationsFolderError } from '@publishing/db/history';
import { ExitCode } from './exit-codes';
import { MigratorError } from './migrator-error';
import type { Reporter } from './reporter';

/** Prints an error for a person (or as JSON) and returns the exit code; stack traces only with DEBUG. */
export function renderError(
  error: unknown,
  reporter: Reporter,
  options: { stackTraces: boolean },
): number {
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
  if (options.stackTraces && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return known.exitCode;
}
