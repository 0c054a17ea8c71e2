import { diffHistoryAgainstSchema } from '@publishing/db/engine';
import {
  ensureDataStepLedger,
  markDataStepRolledBack,
  readLocalHistory,
  type LocalMigration,
} from '@publishing/db/history';
import {
  EmbeddedPostgresUnavailableError,
  openScratchServer,
  snapshotSchema,
  type ScratchServer,
} from '@publishing/db/postgres';
import pg from 'pg';
import { engineLogTo } from '../cli/diagnostics';
import { createReporter, type Reporter } from '../cli/reporter';
import { transactionContext } from '../data-steps/data-step-context';
import { loadDataStep, type LoadedDataStep } from '../data-steps/load-data-step';
import { MigratorError, UsageError } from '../cli/migrator-error';
import { runBatchedStep, runOwedTransactionStep } from '../data-steps/run-data-step';
import { migrationsBeforeBase } from '../history/base-order';
import { SUM_FILE, verifyHistorySum } from '../history/history-sum';
import { ExitCode } from '../cli/exit-codes';
import { lintMigration } from '../lint/lint-migration';
import { readWaivers } from '../lint/lint-waivers';
import { MigrationSyntaxError } from '../sql/migration-syntax-error';
import { isNonTransactional } from '../sql/no-transaction-directive';
import { splitStatements } from '../sql/parse-migration-sql';
import type { CommandContext, CommandOutcome } from './command';

export interface CheckOptions {
  /** A git ref: new folders must sort after the newest migration there. */
  base?: string;
}

interface Problem {
  check: 'sum' | 'order' | 'drift' | 'down-sql' | 'round-trip' | 'lint' | 'data-step';
  severity: 'error' | 'warning';
  migration?: string;
  message: string;
}

/**
 * The CI gate, needing no real database: history ↔ schema.prisma drift, a down.sql for every
 * migration, up → down → up leaving identical schemas, and the safety lint.
 */
export async function check(
  context: CommandContext,
  options: CheckOptions = {},
): Promise<CommandOutcome> {
  const { config, reporter } = context;
  const history = await readLocalHistory(config.migrationsDir);
  const problems: Problem[] = [];

  reporter.progress(`Checking ${history.length} migrations in ${config.migrationsDir}`);
  await reporter.step(`${SUM_FILE} matches the folders`, () =>
    checkSum(config.migrationsDir, history, problems),
  );
  if (options.base !== undefined) {
    const base = options.base;
    await reporter.step(`new migrations sort after ${base}'s`, () =>
      checkOrder(config.migrationsDir, history, base, problems),
    );
  }
  // Loaded only when the history has data steps: the TypeScript loader is not free.
  const steps = new Map<string, LoadedDataStep>();
  if (history.some((migration) => migration.dataStep !== null)) {
    await reporter.step('data steps load', async () => {
      for (const migration of history) {
        if (!migration.dataStep) continue;
        try {
          steps.set(migration.name, await loadDataStep(migration));
        } catch (error) {
          if (!(error instanceof MigratorError)) throw error;
          problems.push({
            check: 'data-step',
            severity: 'error',
            migration: migration.name,
            message: error.message,
          });
        }
      }
    });
  }
  const server = await reporter.step('started a scratch PostgreSQL', () =>
    openScratchServer(config.scratchServerUrl).catch((error: unknown) => {
      if (!(error instanceof EmbeddedPostgresUnavailableError)) throw error;
      throw new UsageError(
        'check needs a PostgreSQL server for its throwaway databases, and this installation has no embedded one (the migrator image ships none).',
        'Set CHECK_DATABASE_URL=postgresql://USER:PASSWORD@HOST:5432/postgres, a server where that role may CREATE DATABASE (check creates and drops its own databases there, nothing else).',
      );
    }),
  );
  try {
    await reporter.step('history ends at schema.prisma', async () => {
      const diff = await diffHistoryAgainstSchema({
        serverUrl: server.serverUrl,
        migrationsDir: config.migrationsDir,
        schemaPath: config.schemaPath,
        onLog: engineLogTo(await context.diagnostics()),
      });
      if (diff.drifted) {
        problems.push({
          check: 'drift',
          severity: 'error',
          message: `schema.prisma differs from the end of the history. Create a migration (\`pnpm migrate create --name …\`). Missing SQL:\n${diff.script}`,
        });
      }
    });
    for (const migration of history) {
      const step = steps.get(migration.name);
      if (step && step.definition.down === undefined) {
        problems.push({
          check: 'data-step',
          severity: 'warning',
          migration: migration.name,
          message: 'data.ts has no down(): rollback refuses this migration without --force',
        });
      }
      if (migration.downSql === null) {
        problems.push({
          check: 'down-sql',
          severity: 'error',
          migration: migration.name,
          message: 'has no down.sql',
        });
      } else if (migration.irreversibleReason !== null) {
        problems.push({
          check: 'down-sql',
          severity: 'warning',
          migration: migration.name,
          message: `down.sql is declared irreversible: ${migration.irreversibleReason}`,
        });
      }
    }
    await reporter.step('up → down → up leaves identical schemas', () =>
      roundTrip(server, history, problems, steps),
    );
    await reporter.step('safety lint', () => lintHistory(history, problems));
  } finally {
    await server.close();
  }

  const errors = problems.filter((problem) => problem.severity === 'error');
  for (const problem of problems) {
    reporter.print(
      `${problem.severity === 'error' ? '✘' : '!'} [${problem.check}]${problem.migration ? ` ${problem.migration}:` : ''} ${problem.message}`,
    );
  }
  reporter.print(
    errors.length === 0
      ? `Check passed${problems.length > 0 ? ` with ${problems.length} warning(s)` : ''}.`
      : `Check failed: ${errors.length} error(s).`,
  );
  return {
    exitCode: errors.length === 0 ? ExitCode.Ok : ExitCode.CheckFailed,
    document: { command: 'check', passed: errors.length === 0, problems },
  };
}

async function checkSum(
  migrationsDir: string,
  history: LocalMigration[],
  problems: Problem[],
): Promise<void> {
  const verdict = await verifyHistorySum(migrationsDir, history);
  const rewrite = 'run `pnpm migrate hash` and commit the file';
  const message = {
    matches: undefined,
    missing: `there is no ${SUM_FILE}: ${rewrite}.`,
    conflicted: `${SUM_FILE} has merge conflict markers: another branch added migrations. Keep its migrations, re-create yours on top (\`pnpm migrate create\`, or rename your folder to a later timestamp if its SQL still applies), then ${rewrite}.`,
    differs: `${SUM_FILE} does not match the folders${verdict.state === 'differs' ? ` from ${verdict.firstDifference} on` : ''}: a migration was added (by \`prisma migrate dev\`?), changed or removed since it was written. If that is intended, ${rewrite}.`,
  }[verdict.state];
  if (message) problems.push({ check: 'sum', severity: 'error', message });
}

async function checkOrder(
  migrationsDir: string,
  history: LocalMigration[],
  base: string,
  problems: Problem[],
): Promise<void> {
  for (const misordered of await migrationsBeforeBase(migrationsDir, history, base)) {
    problems.push({
      check: 'order',
      severity: 'error',
      migration: misordered.name,
      message: `is new on this branch but sorts before ${misordered.newestOnBase}, the newest migration on ${base}: databases already past it would apply it out of order. Re-create it on top (\`pnpm migrate create\`, or rename the folder to a later timestamp if its SQL still applies), then \`pnpm migrate hash\`.`,
    });
  }
}

async function roundTrip(
  server: ScratchServer,
  history: LocalMigration[],
  problems: Problem[],
  steps: Map<string, LoadedDataStep>,
): Promise<void> {
  const scratch = await server.createDatabase();
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  const quiet = createReporter({ json: true });
  const up = async (migration: LocalMigration, file: string): Promise<boolean> => {
    if (await runOrReport(client, migration.sql, migration, file, problems)) return true;
    const step = steps.get(migration.name);
    return step !== undefined && (await runStepOrReport(client, step, 'up', problems, quiet));
  };
  try {
    if (steps.size > 0) await ensureDataStepLedger(client);
    for (const migration of history) {
      const before = await snapshotSchema(client);
      if (await up(migration, 'migration.sql')) return;
      const after = await snapshotSchema(client);
      if (migration.downSql === null || migration.irreversibleReason !== null) continue;
      const step = steps.get(migration.name);
      if (step && (await runStepOrReport(client, step, 'down', problems, quiet))) return;
      if (await runOrReport(client, migration.downSql, migration, 'down.sql', problems)) return;
      const reverted = await snapshotSchema(client);
      if (!sameSchema(reverted, before)) {
        problems.push({
          check: 'round-trip',
          severity: 'error',
          migration: migration.name,
          message: `down.sql does not restore the previous schema:\n${describeDifference(before, reverted)}`,
        });
        return;
      }
      if (await up(migration, 'migration.sql (again)')) return;
      if (!sameSchema(await snapshotSchema(client), after)) {
        problems.push({
          check: 'round-trip',
          severity: 'error',
          migration: migration.name,
          message: 'applying it again after down.sql gives a different schema',
        });
        return;
      }
    }
  } finally {
    await client.end();
    await scratch.drop();
  }
}

async function runOrReport(
  client: pg.Client,
  sql: string,
  migration: LocalMigration,
  file: string,
  problems: Problem[],
): Promise<boolean> {
  try {
    if (isNonTransactional(sql)) {
      for (const statement of await splitStatements(sql)) await client.query(statement);
    } else {
      await client.query(sql);
    }
    return false;
  } catch (error) {
    problems.push({
      check: 'round-trip',
      severity: 'error',
      migration: migration.name,
      message: `${file} fails on a scratch database: ${(error as Error).message}`,
    });
    return true;
  }
}

/** A data step on the scratch database, as deploy (up) and rollback (down) run it. */
async function runStepOrReport(
  client: pg.Client,
  step: LoadedDataStep,
  direction: 'up' | 'down',
  problems: Problem[],
  reporter: Reporter,
): Promise<boolean> {
  const settings = { lockTimeoutMs: 3000, statementTimeoutMs: 600_000, lockWaitMs: 10_000 };
  try {
    if (direction === 'down') {
      if (!step.definition.down) return false;
      await client.query('BEGIN');
      await step.definition.down(transactionContext(client, reporter, step.migration.name));
      await markDataStepRolledBack(client, step.migration.name);
      await client.query('COMMIT');
    } else if (step.definition.mode === 'batched') {
      await runBatchedStep(client, step, settings, reporter, true);
    } else {
      await runOwedTransactionStep(client, step, settings, reporter);
    }
    return false;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    problems.push({
      check: 'round-trip',
      severity: 'error',
      migration: step.migration.name,
      message: `data.ts ${direction}() fails on a scratch database: ${(error as Error).message}`,
    });
    return true;
  }
}

async function lintHistory(history: LocalMigration[], problems: Problem[]): Promise<void> {
  for (const migration of history) {
    let report: Awaited<ReturnType<typeof lintMigration>>;
    try {
      report = await lintMigration({
        name: migration.name,
        sql: migration.sql,
        waivers: await readWaivers(migration.dir),
      });
    } catch (error) {
      if (!(error instanceof MigrationSyntaxError)) throw error;
      problems.push({
        check: 'lint',
        severity: 'error',
        migration: migration.name,
        message: error.describe('migration.sql'),
      });
      continue;
    }
    for (const finding of report.findings) {
      if (finding.waived) continue;
      problems.push({
        check: 'lint',
        severity: finding.severity,
        migration: migration.name,
        message: `${finding.line === null ? '' : `line ${finding.line} `}${finding.ruleId}: ${finding.message} ${finding.fix}`,
      });
    }
  }
}

function sameSchema(left: string[], right: string[]): boolean {
  return left.length === right.length && left.every((line, index) => line === right[index]);
}

function describeDifference(expected: string[], actual: string[]): string {
  return [
    ...expected.filter((line) => !actual.includes(line)).map((line) => `  - ${line}`),
    ...actual.filter((line) => !expected.includes(line)).map((line) => `  + ${line}`),
  ].join('\n');
}
