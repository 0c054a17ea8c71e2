import { openSchemaEngine, readMigrationsList } from '@publishing/db/engine';
import { compareHistory, readLedger, readLocalHistory } from '@publishing/db/history';
import { engineLogTo } from '../cli/diagnostics';
import { ExitCode } from '../cli/exit-codes';
import { MigratorError, UsageError } from '../cli/migrator-error';
import { requireDatabaseUrl } from '../config/migrator-config';
import { withSession } from '../database/session';
import type { CommandContext, CommandOutcome } from './command';

export interface ResolveOptions {
  applied?: string;
  rolledBack?: string;
}

/**
 * Prisma's `migrate resolve`: record a failed migration as rolled back (its changes are not in
 * the database) or any unapplied one as applied (its changes were made by other means).
 */
export async function resolve(
  context: CommandContext,
  options: ResolveOptions,
): Promise<CommandOutcome> {
  const name = options.applied ?? options.rolledBack;
  if (!name || (options.applied && options.rolledBack)) {
    throw new UsageError('Pass exactly one of --applied NAME or --rolled-back NAME.');
  }
  const history = await readLocalHistory(context.config.migrationsDir);
  // The engine writes the ledger on its own connection, so this session does not take the lock.
  return withSession(context, { lock: false }, async ({ client, target }) => {
    const state = compareHistory(history, await readLedger(client));
    const failed = state.failed.some((migration) => migration.name === name);
    if (options.rolledBack && !failed) {
      throw new MigratorError(
        `${name} is not a failed migration; only failed migrations can be resolved as rolled back.`,
        'To undo an applied migration, use `pnpm migrate rollback`.',
      );
    }
    if (options.applied) {
      if (!history.some((migration) => migration.name === name)) {
        throw new UsageError(`No migration named ${name} in ${context.config.migrationsDir}.`);
      }
      if (state.applied.some((migration) => migration.name === name)) {
        throw new MigratorError(`${name} is already recorded as applied.`);
      }
    }
    const { engine, close } = await openSchemaEngine({
      url: requireDatabaseUrl(context.config),
      onLog: engineLogTo(await context.diagnostics()),
    });
    try {
      if (options.applied) {
        await engine.markMigrationApplied({
          migrationName: name,
          migrationsList: await readMigrationsList(context.config.migrationsDir),
        });
      } else {
        await engine.markMigrationRolledBack({ migrationName: name });
      }
    } finally {
      await close();
    }
    const outcome = options.applied ? 'applied' : 'rolled back';
    context.reporter.print(`Recorded ${name} as ${outcome}.`);
    return {
      exitCode: ExitCode.Ok,
      document: { command: 'resolve', target, migration: name, recordedAs: outcome },
    };
  });
}
