import type { DriftReport } from '@publishing/db/engine';
import {
  compareHistory,
  readLedger,
  readLocalHistory,
  type LocalMigration,
} from '@publishing/db/history';
import { engineLogTo } from '../cli/diagnostics';
import { requireDatabaseUrl } from '../config/migrator-config';
import { ExitCode } from '../cli/exit-codes';
import { describeProgress } from '../data-steps/describe-progress';
import { readDataStepState } from '../data-steps/data-step-state';
import { findDataStepProblems } from '../data-steps/load-data-step';
import { withSession } from '../database/session';
import type { PreflightProblem } from '../deploy/preflight';
import { pendingOutOfOrder, type OutOfOrder } from '../history/out-of-order';
import type { CommandContext, CommandOutcome } from './command';

export interface StatusOptions {
  drift?: boolean;
}

type DriftStatus = DriftReport | { drifted: null; summary: string };

/** Applied, pending, failed, edited and unknown migrations, and drift of the live schema. */
export async function status(
  context: CommandContext,
  options: StatusOptions = {},
): Promise<CommandOutcome> {
  const { config, reporter } = context;
  const history = await readLocalHistory(config.migrationsDir);
  const { state, dataSteps, target } = await withSession(
    context,
    { lock: false },
    async ({ client, target }) => {
      const state = compareHistory(history, await readLedger(client));
      return { state, dataSteps: await readDataStepState(client, history, state), target };
    },
  );
  const atHead = state.atHead && dataSteps.owed.length === 0 && dataSteps.edited.length === 0;
  const drift: DriftStatus =
    options.drift === false
      ? { drifted: null, summary: 'not checked (--no-drift)' }
      : atHead
        ? await checkDrift(context)
        : { drifted: null, summary: 'not checked (database is not at head)' };
  const refused = await refusedByDeploy(state.pending);
  for (const problem of await findDataStepProblems([
    ...dataSteps.owed.map((step) => step.migration),
    ...state.pending,
  ]))
    refused.set(problem.migration, problem);
  const owed = new Map(dataSteps.owed.map((step) => [step.name, step]));
  const outOfOrder = pendingOutOfOrder(state);
  const appliedAt = new Map(
    state.applied.map((migration) => [migration.name, migration.appliedAt]),
  );
  const width = Math.max(
    0,
    ...[...history.map((m) => m.name), ...state.unknown].map((name) => name.length),
  );
  const lines = [
    `Database: ${target}`,
    `History:  ${history.length} migrations in ${config.migrationsDir}`,
    '',
  ];
  for (const migration of history) {
    const at = appliedAt.get(migration.name);
    const step = owed.get(migration.name);
    const mark = state.edited.includes(migration.name)
      ? '! edited after it was applied'
      : dataSteps.edited.includes(migration.name)
        ? '! data.ts edited after it ran'
        : step
          ? `✔ applied, … data step (${step.mode ?? '?'}${step.blocking ? ', blocking' : ''}) ${step.state}${step.progress.length > 0 ? `: ${step.progress.map(describeProgress).join('; ')}` : ''}${step.logs ? ` (${step.logs.split('\n')[0]})` : ''}`
          : state.failed.some((failed) => failed.name === migration.name)
            ? '✘ failed'
            : at
              ? `✔ applied ${at.toISOString()}`
              : pendingMark(migration.name, refused, outOfOrder) + dataStepMark(migration);
    lines.push(`  ${migration.name.padEnd(width)}  ${mark}`);
  }
  for (const name of state.unknown)
    lines.push(`  ${name.padEnd(width)}  ? applied, unknown to this build`);
  for (const problem of refused.values())
    lines.push(`! deploy would refuse: ${problem.message}\n  → ${problem.hint}`);
  if (outOfOrder) {
    lines.push(
      `! deploy would refuse: ${outOfOrder.pending.join(', ')} sort(s) before ${outOfOrder.newestApplied}, already applied (re-create on top, or deploy --allow-out-of-order).`,
    );
  }
  lines.push('');
  lines.push(
    drift.drifted === true
      ? `Schema drift: the live schema differs from the history:\n${drift.summary}`
      : `Schema drift: ${drift.drifted === false ? 'none' : drift.summary}`,
  );
  const healthy = atHead && drift.drifted !== true;
  lines.push(
    healthy
      ? 'Status: at head.'
      : state.pending.length + dataSteps.owed.length > 0 &&
          state.failed.length + state.edited.length + state.unknown.length === 0 &&
          dataSteps.edited.length === 0 &&
          refused.size === 0 &&
          !outOfOrder
        ? `Status: ${[state.pending.length > 0 ? `${state.pending.length} pending` : '', dataSteps.owed.length > 0 ? `${dataSteps.owed.length} data step(s) owed` : ''].filter(Boolean).join(', ')}. Run \`pnpm migrate deploy\`.`
        : 'Status: needs attention (see above).',
  );
  reporter.print(lines.join('\n'));

  return {
    exitCode: healthy ? ExitCode.Ok : ExitCode.CheckFailed,
    document: {
      command: 'status',
      target,
      atHead,
      applied: state.applied,
      pending: state.pending.map((migration) => migration.name),
      failed: state.failed,
      edited: state.edited,
      unknown: state.unknown,
      unparseable: [...refused.values()].map(({ migration, message, line }) => ({
        migration,
        message,
        line,
      })),
      outOfOrder: outOfOrder?.pending ?? [],
      dataSteps: {
        owed: dataSteps.owed.map(({ name, mode, blocking, state: stepState, progress, logs }) => ({
          name,
          mode,
          blocking,
          state: stepState,
          progress,
          logs,
        })),
        edited: dataSteps.edited,
        pending: state.pending
          .filter((migration) => migration.dataStep !== null)
          .map((migration) => ({
            name: migration.name,
            mode: migration.dataStep!.mode,
            blocking: migration.dataStep!.blocking !== false,
          })),
      },
      drift,
    },
  };
}

function dataStepMark(migration: LocalMigration): string {
  const step = migration.dataStep;
  if (!step) return '';
  return ` + data step (${step.mode ?? '?'}${step.blocking !== false ? ', blocking' : ''})`;
}

function pendingMark(
  name: string,
  refused: Map<string, PreflightProblem>,
  outOfOrder: OutOfOrder | undefined,
): string {
  if (refused.has(name)) return '… pending, ! deploy would refuse it (see below)';
  if (outOfOrder?.pending.includes(name))
    return `… pending, ! sorts before ${outOfOrder.newestApplied} (applied)`;
  return '… pending';
}

/** The schema engine (WebAssembly) is loaded only here: a status without drift never needs it. */
async function checkDrift({ config, diagnostics }: CommandContext): Promise<DriftStatus> {
  const { detectDrift } = await import('@publishing/db/engine');
  return detectDrift(
    requireDatabaseUrl(config),
    config.migrationsDir,
    engineLogTo(await diagnostics()),
  ).catch((error: unknown) => ({
    drifted: null,
    summary: `could not check: ${(error as Error).message.split('\n')[0]}`,
  }));
}

/** Pending files deploy would refuse; the SQL parser is loaded only when something is pending. */
async function refusedByDeploy(pending: LocalMigration[]): Promise<Map<string, PreflightProblem>> {
  if (pending.length === 0) return new Map();
  const { findPreflightProblems } = await import('../deploy/preflight.js');
  const problems = await findPreflightProblems(pending);
  return new Map(problems.map((problem) => [problem.migration, problem]));
}
