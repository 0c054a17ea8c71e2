import { ExitCode } from './exit-codes';

/**
 * An error meant for the person running the command: what is wrong, and what to do next.
 * Never carries a stack trace or a password to the output.
 */
export class MigratorError extends Error {
  override readonly name = 'MigratorError';

  constructor(
    message: string,
    readonly hint: string | undefined = undefined,
    readonly exitCode: ExitCode = ExitCode.Failure,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class UsageError extends MigratorError {
  constructor(message: string, hint?: string) {
    super(message, hint, ExitCode.Usage);
  }
}
