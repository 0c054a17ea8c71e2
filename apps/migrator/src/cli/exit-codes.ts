/** Exit codes of `pnpm migrate`, documented in `--help` and docs/migrator.md. */
export const ExitCode = {
  Ok: 0,
  /** The command failed: database error, failed migration, refused operation. */
  Failure: 1,
  /** Wrong usage or configuration: unknown option, bad DATABASE_URL, missing migrations folder. */
  Usage: 2,
  /** A check found something: not at head, drift, lint findings, edited or unknown migrations. */
  CheckFailed: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  failure (database error, failed migration, refused operation)
  2  usage or configuration error (bad option, bad DATABASE_URL, missing migrations folder)
  3  check failed (not at head, drift, lint findings, edited/unknown/failed migrations)`;
