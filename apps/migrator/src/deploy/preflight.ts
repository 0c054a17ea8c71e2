import { join } from 'node:path';
import type { LocalMigration } from '@publishing/db/history';
import { MigratorError } from '../cli/migrator-error';
import { MigrationSyntaxError } from '../sql/migration-syntax-error';
import { parseMigrationSql } from '../sql/parse-migration-sql';

/**
 * Parses every pending migration with PostgreSQL's own parser before anything runs: a syntax
 * error, or transaction control that would break the one-transaction guarantee, stops the
 * deploy while the database is untouched.
 */
export async function preflight(pending: LocalMigration[]): Promise<void> {
  for (const migration of pending) {
    let parsed: Awaited<ReturnType<typeof parseMigrationSql>>;
    try {
      parsed = await parseMigrationSql(migration.sql);
    } catch (error) {
      if (!(error instanceof MigrationSyntaxError)) throw error;
      throw new MigratorError(
        `Migration ${migration.name} does not parse:\n${error.describe(join(migration.name, 'migration.sql'))}`,
        'Nothing was applied. Fix the file (it was never applied, so editing it is fine) and deploy again.',
        undefined,
        { migration: migration.name, line: error.line, column: error.column },
      );
    }
    const control = parsed.statements.find((statement) => statement.isTransactionControl);
    if (!parsed.nonTransactional && control) {
      throw new MigratorError(
        `Migration ${migration.name} controls transactions itself (line ${control.line}: ${control.text}).`,
        'Each migration already runs in one transaction: remove BEGIN/COMMIT, or mark the file `-- migrate:no-transaction` if it must run outside one.',
        undefined,
        { migration: migration.name, line: control.line },
      );
    }
  }
}
