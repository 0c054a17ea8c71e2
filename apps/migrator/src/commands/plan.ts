import { compareHistory, readLedger, readLocalHistory } from '@publishing/db/history';
import { ExitCode } from '../cli/exit-codes';
import { readDataStepState } from '../data-steps/data-step-state';
import { withSession } from '../database/session';
import { isNonTransactional } from '../sql/no-transaction-directive';
import type { CommandContext, CommandOutcome } from './command';
import { refuseEditedDataSteps, refuseUnsafeState } from './deploy';

/** The SQL `deploy` would run, in order, touching nothing (Alembic's `upgrade --sql`). */
export async function plan(context: CommandContext): Promise<CommandOutcome> {
  const history = await readLocalHistory(context.config.migrationsDir);
  return withSession(context, { lock: false }, async ({ client, target }) => {
    const state = compareHistory(history, await readLedger(client));
    refuseUnsafeState(state);
    const dataSteps = await readDataStepState(client, history, state);
    refuseEditedDataSteps(dataSteps);
    const owed = dataSteps.owed.map(({ name, mode, blocking, state: stepState }) => ({
      name,
      mode,
      blocking,
      state: stepState,
    }));
    for (const step of owed) {
      context.reporter.print(
        `-- Data step ${step.name}/data.ts (${step.mode ?? 'mode not written as a literal'}${step.blocking ? ', blocking' : ''}): ${step.state}, its migration is applied\n`,
      );
    }
    const migrations = state.pending.map((migration) => ({
      name: migration.name,
      transactional: !isNonTransactional(migration.sql),
      sql: migration.sql,
      dataStep: migration.dataStep && {
        mode: migration.dataStep.mode,
        blocking: migration.dataStep.blocking !== false,
      },
    }));
    if (migrations.length === 0 && owed.length === 0) {
      context.reporter.print(`-- ${target} is at head: deploy would run nothing.`);
    }
    for (const migration of migrations) {
      const mode = migration.transactional
        ? 'one transaction, with its ledger row'
        : 'statement by statement (non-transactional)';
      const step = migration.dataStep;
      const data = !step
        ? ''
        : step.mode === 'transaction'
          ? `\n-- then data step ${migration.name}/data.ts (transaction: up() in this same transaction${step.blocking ? ', blocking' : ''})`
          : `\n-- then data step ${migration.name}/data.ts (${step.mode ?? 'mode not written as a literal'}: after this commits, in short batches${step.blocking ? ', blocking' : ''})`;
      context.reporter.print(
        `-- Migration ${migration.name} (${mode})\n${migration.sql.trimEnd()}${data}\n`,
      );
    }
    return {
      exitCode: ExitCode.Ok,
      document: { command: 'plan', target, pending: migrations, owedDataSteps: owed },
    };
  });
}
