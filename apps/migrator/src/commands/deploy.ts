import {
  compareHistory,
  ensureAndReadLedger,
  ensureDataStepLedger,
  readLedger,
  readLocalHistory,
  type DataStepState,
  type HistoryState,
  type LocalMigration,
} from '@publishing/db/history';
import type pg from 'pg';
import { ExitCode } from '../cli/exit-codes';
import { MigratorError } from '../cli/migrator-error';
import { formatDuration } from '../cli/reporter';
import { readDataStepState } from '../data-steps/data-step-state';
import { loadDataSteps, type LoadedDataStep } from '../data-steps/load-data-step';
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
    let state = await readStateUnderLock(session, history);
    refuseUnsafeState(state);
    let dataSteps = await readDataStepState(client, history, state);
    if (dataSteps.owed.length > 0 && state.atHead) {
      // Read without the lock (the SQL is at head): data steps to run need it, and a fresh read.
      await session.lock();
      state = compareHistory(history, await readLedger(client));
      refuseUnsafeState(state);
      dataSteps = await readDataStepState(client, history, state);
    }
    refuseEditedDataSteps(dataSteps);
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

    if (state.pending.length === 0 && dataSteps.owed.length === 0) {
      reporter.print(
        `Database is at head: all ${history.length} migrations are applied. Nothing to do.`,
      );
      return {
        exitCode: ExitCode.Ok,
        document: { command: 'deploy', target, applied: [], atHead: true },
      };
    }

    // Asked now, answered while the parser loads and works: no round trip of its own.
    const pid = backendPid(client);
    pid.catch(() => undefined);
    // Loaded only now: a deploy with nothing to do needs neither the SQL parser nor the executor.
    const { preflight } = await import('../deploy/preflight.js');
    const { applyInTransaction, applyStatementByStatement } =
      await import('../deploy/apply-migration.js');
    const { BlockerWatch } = await import('../deploy/blocker-watch.js');
    await preflight(state.pending);
    const owed = await loadDataSteps(dataSteps.owed.map((step) => step.migration));
    const incoming = await loadDataSteps(state.pending);
    refuseTransactionStepsOutsideTransactions(incoming);
    if (owed.size + incoming.size > 0) await ensureDataStepLedger(client);
    const walkSettings = config;
    const ranDataSteps: { name: string; mode: string; durationMs: number }[] = [];
    // Loaded only when there is a data step to run: the common deploy does not pay for it.
    const runner =
      owed.size + incoming.size > 0 ? await import('../data-steps/run-data-step.js') : undefined;
    const notStarted = new Set(
      dataSteps.owed.filter((step) => step.state === 'not started').map((step) => step.name),
    );
    const runDataStep = async (step: LoadedDataStep, owedStep: boolean) => {
      const started = performance.now();
      const { mode } = step.definition;
      const fresh = !owedStep || notStarted.has(step.migration.name);
      await reporter.step(`${step.migration.name} data step (${mode})`, () =>
        mode === 'batched'
          ? runner!.runBatchedStep(client, step, walkSettings, reporter, fresh)
          : owedStep
            ? runner!.runOwedTransactionStep(client, step, walkSettings, reporter)
            : Promise.resolve(),
      );
      ranDataSteps.push({
        name: step.migration.name,
        mode,
        durationMs: Math.round(performance.now() - started),
      });
    };
    if (owed.size > 0) reporter.progress(`${owed.size} data step(s) owed by applied migrations:`);
    for (const step of owed.values()) await runDataStep(step, true);
    const waiting = {
      budget: session.lockWait,
      watch: new BlockerWatch(session.observer, await pid, config.lockTimeoutMs),
    };
    if (state.pending.length > 0) reporter.progress(`${state.pending.length} pending:`);
    const applied: { name: string; durationMs: number; transactional: boolean }[] = [];
    for (const migration of state.pending) {
      const transactional = !isNonTransactional(migration.sql);
      const step = incoming.get(migration.name);
      const inTransaction = step?.definition.mode === 'transaction' ? step : undefined;
      const started = performance.now();
      await reporter.step(
        inTransaction ? `${migration.name} with its data step (transaction)` : migration.name,
        () =>
          transactional
            ? applyInTransaction(
                client,
                migration,
                config,
                waiting,
                reporter,
                inTransaction && (() => runner!.runInTransaction(client, inTransaction, reporter)),
              )
            : applyStatementByStatement(client, migration, config, waiting, reporter),
      );
      applied.push({
        name: migration.name,
        durationMs: Math.round(performance.now() - started),
        transactional,
      });
      if (inTransaction)
        ranDataSteps.push({ name: migration.name, mode: 'transaction', durationMs: 0 });
      else if (step) await runDataStep(step, false);
    }
    const total = applied.reduce((sum, migration) => sum + migration.durationMs, 0);
    const steps =
      ranDataSteps.length > 0
        ? ` and ${ranDataSteps.length} data step${ranDataSteps.length === 1 ? '' : 's'}`
        : '';
    reporter.print(
      `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}${steps} in ${formatDuration(total + ranDataSteps.reduce((sum, step) => sum + step.durationMs, 0))}. Database is at head.`,
    );
    return {
      exitCode: ExitCode.Ok,
      document: { command: 'deploy', target, applied, dataSteps: ranDataSteps, atHead: true },
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
  return compareHistory(history, await ensureAndReadLedger(session.client));
}

async function backendPid(client: pg.Client): Promise<number> {
  const result = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return result.rows[0]!.pid;
}

/** A data step that already ran must not change: what ran is no longer what the history says. */
export function refuseEditedDataSteps(dataSteps: DataStepState): void {
  if (dataSteps.edited.length === 0) return;
  throw new MigratorError(
    `Data step${dataSteps.edited.length > 1 ? 's' : ''} edited since ${dataSteps.edited.length > 1 ? 'they' : 'it'} ran (checksum of data.ts differs): ${dataSteps.edited.join(', ')}.`,
    'Restore data.ts as it was when it ran (git history); put further data changes in a new migration.',
    ExitCode.Failure,
    { editedDataSteps: dataSteps.edited },
  );
}

function refuseTransactionStepsOutsideTransactions(steps: Map<string, LoadedDataStep>): void {
  for (const step of steps.values()) {
    if (step.definition.mode === 'transaction' && isNonTransactional(step.migration.sql))
      throw new MigratorError(
        `Data step ${step.migration.name} is mode 'transaction', but its migration.sql is marked -- migrate:no-transaction.`,
        "Nothing was applied. Use mode: 'batched' (it runs after the SQL), or move the data step to its own migration.",
      );
  }
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
