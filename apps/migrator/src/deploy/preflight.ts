import { join } from 'node:path';
import type { LocalMigration } from '@publishing/db/history';
import { MigratorError } from '../cli/migrator-error';
import { MigrationSyntaxError } from '../sql/migration-syntax-error';
import { controlsTransactions, parseMigrationSql } from '../sql/parse-migration-sql';

export interface PreflightProblem {
  migration: string;
  message: string;
  hint: string;
  line?: number;
  column?: number;
}

/**
 * Parses every pending migration with PostgreSQL's own parser before anything runs: a syntax
 * error, or transaction control that would break the one-transaction guarantee, stops the
 * deploy while the database is untouched.
 */
export async function preflight(pending: LocalMigration[]): Promise<void> {
  const [problem] = await findPreflightProblems(pending);
  if (problem) {
    throw new MigratorError(problem.message, problem.hint, undefined, {
      migration: problem.migration,
      line: problem.line,
      ...(problem.column === undefined ? {} : { column: problem.column }),
    });
  }
}

/** What `preflight` would refuse, for every pending migration (`status` warns of them). */
export async function findPreflightProblems(
  pending: LocalMigration[],
): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];
  for (const migration of pending) {
    try {
      if (await controlsTransactions(migration.sql))
        problems.push(await transactionControlProblem(migration));
    } catch (error) {
      if (!(error instanceof MigrationSyntaxError)) throw error;
      problems.push({
        migration: migration.name,
        message: `Migration ${migration.name} does not parse:\n${error.describe(join(migration.name, 'migration.sql'))}`,
        hint: 'Nothing was applied. Fix the file (it was never applied, so editing it is fine) and deploy again.',
        line: error.line,
        column: error.column,
      });
    }
  }
  return problems;
}

async function transactionControlProblem(migration: LocalMigration): Promise<PreflightProblem> {
  const { statements } = await parseMigrationSql(migration.sql);
  const control = statements.find((statement) => statement.isTransactionControl)!;
  return {
    migration: migration.name,
    message: `Migration ${migration.name} controls transactions itself (line ${control.line}: ${control.text}).`,
    hint: 'Each migration already runs in one transaction: remove BEGIN/COMMIT, or mark the file `-- migrate:no-transaction` if it must run outside one.',
    line: control.line,
  };
}
