import { performance } from 'node:perf_hooks';
import {
  compareHistory,
  ensureLedger,
  readLedger,
  readLocalHistory,
  type HistoryState,
  type LocalMigration,
} from '@publishing/db/history';
import type pg from 'pg';
import { ExitCode } from '../cli/exit-codes';
import { MigratorError } from '../cli/migrator-error';
import { formatDuration } from '../cli/reporter';
import { withSession, type Session } from '../database/session';
import { pendingOutOfOrder } from '../history/out-of-order';
import { isNonTransactional } from '../sql/no-transaction-directive';
import type { CommandContext, CommandOutcome } from './command';

export interface DeployOptions {
  dryRun?: boolean;
  /** Apply pending migrations that sort before the newest applied one. */
  allowOutOfOrder?: boolean;
}

/** Applies pending migrations in order, each atomically with its ledger row, under the migration lock. */
export async function deploy(
  context: CommandContext,
  options: DeployOptions = {},
): Promise<CommandOutcome> {
  if (options.dryRun) return (await import('./plan.js')).plan(context);
  const { config, reporter } = context;
  const history = await readLocalHistory(config.migrationsDir);

  return withSession(context, { lock: false }, async (session) => {
    const { client, target } = session;
    reporter.progress(
      `Deploying ${history.length} migrations from ${config.migrationsDir} to ${target}`,
    );
    const state = await readStateUnderLock(session, history);
    refuseUnsafeState(state);
    const outOfOrder = pendingOutOfOrder(state);
    if (outOfOrder && !options.allowOutOfOrder) {
      throw new MigratorError(
        `Pending migration${outOfOrder.pending.length > 1 ? 's' : ''} ${outOfOrder.pending.join(', ')} sort${outOfOrder.pending.length > 1 ? '' : 's'} before ${outOfOrder.newestApplied}, already applied: applying now would run the history in an order nobody tested.`,
        'Re-create the migration on top of the history (a later timestamp) and release that, or, once you have checked it applies cleanly after the newer ones, deploy with --allow-out-of-order.',
        ExitCode.Failure,
        { outOfOrder: outOfOrder.pending, newestApplied: outOfOrder.newestApplied },
      );
    }
    if (outOfOrder) {
      reporter.progress(
        `  ! applying ${outOfOrder.pending.join(', ')} after ${outOfOrder.newestApplied} (--allow-out-of-order)`,
      );
    }

    if (state.pending.length === 0) {
      reporter.print(
        `Database is at head: all ${history.length} migrations are applied. Nothing to do.`,
      );
      return {
        exitCode: ExitCode.Ok,
        document: { command: 'deploy', target, applied: [], atHead: true },
      };
    }

    // Loaded only now: a deploy with nothing to do needs neither the SQL parser nor the executor.
    const { preflight } = await import('../deploy/preflight.js');
    const { applyInTransaction, applyStatementByStatement } =
      await import('../deploy/apply-migration.js');
    const { BlockerWatch } = await import('../deploy/blocker-watch.js');
    await preflight(state.pending);
    const waiting = {
      budget: session.lockWait,
      watch: new BlockerWatch(session.observer, await backendPid(client), config.lockTimeoutMs),
    };
    reporter.progress(`${state.pending.length} pending:`);
    const applied: { name: string; durationMs: number; transactional: boolean }[] = [];
    for (const migration of state.pending) {
      const transactional = !isNonTransactional(migration.sql);
      const started = performance.now();
      await reporter.step(migration.name, () =>
        transactional
          ? applyInTransaction(client, migration, config, waiting, reporter)
          : applyStatementByStatement(client, migration, config, waiting, reporter),
      );
      applied.push({
        name: migration.name,
        durationMs: Math.round(performance.now() - started),
        transactional,
      });
    }
    const total = applied.reduce((sum, migration) => sum + migration.durationMs, 0);
    reporter.print(
      `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'} in ${formatDuration(total)}. Database is at head.`,
    );
    return {
      exitCode: ExitCode.Ok,
      document: { command: 'deploy', target, applied, atHead: true },
    };
  });
}

/**
 * The history's state, read under the migration lock unless the database is already at head: a
 * clean ledger with nothing pending is the answer whoever holds the lock, so an up-to-date
 * database is checked in two queries and never waits behind a running deploy.
 */
async function readStateUnderLock(
  session: Session,
  history: LocalMigration[],
): Promise<HistoryState> {
  const unlocked = compareHistory(history, await readLedger(session.client));
  if (unlocked.atHead) return unlocked;
  await session.lock();
  await ensureLedger(session.client);
  return compareHistory(history, await readLedger(session.client));
}

async function backendPid(client: pg.Client): Promise<number> {
  const result = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return result.rows[0]!.pid;
}

/** Deploy refuses to build on a ledger it cannot trust. */
export function refuseUnsafeState(state: HistoryState): void {
  const [failed] = state.failed;
  if (failed) {
    throw new MigratorError(
      `Migration ${failed.name} failed (started ${failed.startedAt.toISOString()}) and is not resolved.`,
      `Inspect the database. If its changes are not there, run \`pnpm migrate resolve --rolled-back ${failed.name}\`; if you completed it by hand, \`pnpm migrate resolve --applied ${failed.name}\`. Then deploy again.`,
      ExitCode.Failure,
      { failed: state.failed.map((migration) => migration.name) },
    );
  }
  if (state.edited.length > 0) {
    throw new MigratorError(
      `Applied migration${state.edited.length > 1 ? 's were' : ' was'} edited since being applied (checksum differs): ${state.edited.join(', ')}.`,
      'Restore the file(s) as they were when applied (git history); put further changes in a new migration.',
      ExitCode.Failure,
      { edited: state.edited },
    );
  }
  if (state.unknown.length > 0) {
    throw new MigratorError(
      `The database has migrations this build does not know: ${state.unknown.join(', ')}. A newer release has migrated it.`,
      'Deploy the release that contains them, or roll the schema back with that release (`pnpm migrate rollback`).',
      ExitCode.Failure,
      { unknown: state.unknown },
    );
  }
}
