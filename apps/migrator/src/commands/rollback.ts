import {
  compareHistory,
  ensureDataStepLedger,
  markDataStepRolledBack,
  markRolledBack,
  readLedger,
  readLocalHistory,
  type LocalMigration,
} from '@publishing/db/history';
import { ExitCode } from '../cli/exit-codes';
import { MigratorError, UsageError } from '../cli/migrator-error';
import { transactionContext } from '../data-steps/data-step-context';
import { readDataStepState } from '../data-steps/data-step-state';
import { loadDataSteps, type LoadedDataStep } from '../data-steps/load-data-step';
import { withSession } from '../database/session';
import { describeDroppedData, findDroppedData } from '../deploy/data-loss';
import type { CommandContext, CommandOutcome } from './command';
import { refuseUnsafeState } from './deploy';

export interface RollbackOptions {
  steps?: number;
  to?: string;
  force?: boolean;
  dryRun?: boolean;
}

/**
 * Runs the `down.sql` of the last applied migrations, newest first, each in one transaction with
 * its ledger update; a rolled-back migration is pending again, so `deploy` re-applies it later.
 */
export async function rollback(
  context: CommandContext,
  options: RollbackOptions,
): Promise<CommandOutcome> {
  const { config, reporter } = context;
  if (options.steps !== undefined && options.to !== undefined)
    throw new UsageError('Use either --steps or --to, not both.');
  const history = await readLocalHistory(config.migrationsDir);

  return withSession(context, { lock: true }, async ({ client, target }) => {
    const state = compareHistory(history, await readLedger(client));
    refuseUnsafeState(state);
    const appliedNames = new Set(state.applied.map((migration) => migration.name));
    const applied = history.filter((migration) => appliedNames.has(migration.name));
    const chosen = chooseMigrations(applied, options).reverse();
    if (chosen.length === 0) {
      reporter.print('Nothing to roll back: no applied migration matches.');
      return { exitCode: ExitCode.Ok, document: { command: 'rollback', target, rolledBack: [] } };
    }
    refuseIrreversible(chosen, options.force === true);
    const dataSteps = await loadDataSteps(chosen);
    refuseDataStepsWithoutDown(dataSteps, options.force === true);
    const owed = new Set(
      (await readDataStepState(client, history, state)).owed.map((step) => step.name),
    );
    if (dataSteps.size > 0) await ensureDataStepLedger(client);

    // One connection: the row counts run one after another.
    const plan: { migration: LocalMigration; drops: string[] }[] = [];
    for (const migration of chosen) {
      const dropped = migration.downSql ? await findDroppedData(client, migration.downSql) : [];
      plan.push({ migration, drops: describeDroppedData(dropped) });
    }
    reporter.progress(
      `Rolling back ${chosen.length} migration${chosen.length === 1 ? '' : 's'} on ${target}:`,
    );
    for (const { migration, drops } of plan) {
      reporter.progress(
        `  ${migration.name}${drops.length > 0 ? ` drops ${drops.join(', ')}` : ''}`,
      );
    }
    if (options.dryRun) {
      return {
        exitCode: ExitCode.Ok,
        document: {
          command: 'rollback',
          target,
          dryRun: true,
          plan: plan.map(({ migration, drops }) => ({ name: migration.name, drops })),
        },
      };
    }

    const rolledBack: string[] = [];
    for (const { migration } of plan) {
      await reporter.step(`${migration.name} rolled back`, async () => {
        await client.query('BEGIN');
        try {
          await client.query(
            `SET LOCAL lock_timeout = ${config.lockTimeoutMs}; SET LOCAL statement_timeout = ${config.statementTimeoutMs}`,
          );
          const step = dataSteps.get(migration.name);
          // A step that never ran (its migration was applied by the stock CLI) has nothing to undo.
          if (step?.definition.down && !owed.has(migration.name))
            await step.definition.down(transactionContext(client, reporter, migration.name));
          if (migration.downSql) await client.query(migration.downSql);
          if (step) await markDataStepRolledBack(client, migration.name);
          await markRolledBack(client, migration.name);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new MigratorError(
            `Rolling back ${migration.name} failed (data.ts down() or down.sql): ${(error as Error).message}`,
            'Nothing of this step was changed (it ran in one transaction). Fix down.sql, or write a forward migration instead.',
          );
        }
      });
      rolledBack.push(migration.name);
    }
    reporter.print(`Rolled back ${rolledBack.length}. \`pnpm migrate deploy\` applies them again.`);
    return { exitCode: ExitCode.Ok, document: { command: 'rollback', target, rolledBack } };
  });
}

function chooseMigrations(applied: LocalMigration[], options: RollbackOptions): LocalMigration[] {
  if (options.to !== undefined) {
    const index = applied.findIndex((migration) => migration.name === options.to);
    if (index === -1)
      throw new UsageError(
        `--to ${options.to}: no applied migration has that name.`,
        'See `pnpm migrate status`.',
      );
    return applied.slice(index + 1);
  }
  const steps = options.steps ?? 1;
  if (!Number.isInteger(steps) || steps < 1)
    throw new UsageError('--steps must be a positive whole number.');
  return applied.slice(-steps);
}

function refuseDataStepsWithoutDown(steps: Map<string, LoadedDataStep>, force: boolean): void {
  const blocked = [...steps.values()].filter((step) => step.definition.down === undefined);
  if (blocked.length === 0 || force) return;
  throw new MigratorError(
    `Cannot roll back: the data step of ${blocked.map((step) => step.migration.name).join(', ')} has no down().`,
    'Add a down() to its data.ts, write a forward migration instead, or pass --force (then its data changes stay as they are and only the records say rolled back).',
  );
}

function refuseIrreversible(chosen: LocalMigration[], force: boolean): void {
  const blocked = chosen.filter(
    (migration) => migration.downSql === null || migration.irreversibleReason !== null,
  );
  if (blocked.length === 0 || force) return;
  const reasons = blocked.map((migration) =>
    migration.downSql === null
      ? `${migration.name} has no down.sql`
      : `${migration.name} is irreversible: ${migration.irreversibleReason}`,
  );
  throw new MigratorError(
    `Cannot roll back: ${reasons.join('; ')}.`,
    'Write a forward migration that undoes the change instead, or pass --force (a missing down.sql is then only recorded as rolled back: undo its changes yourself).',
  );
}
