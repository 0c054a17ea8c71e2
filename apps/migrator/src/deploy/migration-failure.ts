import type { LocalMigration } from '@publishing/db/history';
import { MigratorError } from '../cli/migrator-error';

interface PgError {
  code?: string;
  message?: string;
  position?: string;
  detail?: string;
  hint?: string;
}

/** Where in the file a PostgreSQL error points (its `position` is a 1-based offset into the query). */
export function lineOfPosition(sql: string, position: string | undefined): number | undefined {
  const offset = Number(position);
  if (!Number.isInteger(offset) || offset < 1) return undefined;
  return sql.slice(0, offset - 1).split('\n').length;
}

/**
 * A PostgreSQL error from a query that sent `prefixLength` characters before the file: its
 * `position`, made to count from the file's start (none when it points into the prefix).
 */
export function positionInFile(error: unknown, prefixLength: number): unknown {
  const pgError = error as PgError;
  const offset = Number(pgError.position);
  if (pgError.position === undefined || !Number.isInteger(offset)) return error;
  pgError.position = offset > prefixLength ? String(offset - prefixLength) : undefined;
  return error;
}

export function migrationFailure(
  migration: LocalMigration,
  error: unknown,
  outcome: { atomic: boolean; sql?: string; statementIndex?: number },
): MigratorError {
  const pgError = error as PgError;
  const line = lineOfPosition(outcome.sql ?? migration.sql, pgError.position);
  const where =
    outcome.statementIndex !== undefined
      ? ` (statement ${outcome.statementIndex + 1})`
      : line
        ? ` (line ${line})`
        : '';
  const reason = [
    pgError.message ?? String(error),
    pgError.detail,
    pgError.hint && `hint: ${pgError.hint}`,
  ]
    .filter(Boolean)
    .join('; ');
  const hint = outcome.atomic
    ? `Nothing of it was applied: it ran in one transaction that was rolled back; it is recorded as failed. Fix the migration (it was never applied, so editing it is fine), run \`pnpm migrate resolve --rolled-back ${migration.name}\`, then deploy again.`
    : `It ran statement by statement, so the statements before the failing one stay applied and the migration is recorded as failed. Complete or undo it by hand, then run \`pnpm migrate resolve --applied ${migration.name}\` or \`--rolled-back ${migration.name}\`.`;
  return new MigratorError(
    `Migration ${migration.name} failed${where}: ${reason}`,
    hint,
    undefined,
    {
      migration: migration.name,
      sqlState: pgError.code,
      line,
    },
  );
}
