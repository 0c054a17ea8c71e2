import { compareHistory, readLedger, readLocalHistory } from '@publishing/db/history';
import { ExitCode } from '../cli/exit-codes';
import { withSession } from '../database/session';
import { isNonTransactional } from '../sql/no-transaction-directive';
import type { CommandContext, CommandOutcome } from './command';
import { refuseUnsafeState } from './deploy';

/** The SQL `deploy` would run, in order, touching nothing (Alembic's `upgrade --sql`). */
export async function plan(context: CommandContext): Promise<CommandOutcome> {
  const history = await readLocalHistory(context.config.migrationsDir);
  return withSession(context, { lock: false }, async ({ client, target }) => {
    const state = compareHistory(history, await readLedger(client));
    refuseUnsafeState(state);
    const migrations = state.pending.map((migration) => ({
      name: migration.name,
      transactional: !isNonTransactional(migration.sql),
      sql: migration.sql,
    }));
    if (migrations.length === 0) {
      context.reporter.print(`-- ${target} is at head: deploy would run nothing.`);
    }
    for (const migration of migrations) {
      const mode = migration.transactional
        ? 'one transaction, with its ledger row'
        : 'statement by statement (non-transactional)';
      context.reporter.print(
        `-- Migration ${migration.name} (${mode})\n${migration.sql.trimEnd()}\n`,
      );
    }
    return { exitCode: ExitCode.Ok, document: { command: 'plan', target, pending: migrations } };
  });
}
