import { diffHistoryAgainstSchema } from '@publishing/db/engine';
import { readLocalHistory, type LocalMigration } from '@publishing/db/history';
import { EmbeddedPostgresUnavailableError, openScratchServer } from '@publishing/db/postgres';
import type { CheckProblem } from '../check/check-problem';
import { roundTrip, type SeedRecord } from '../check/round-trip';
import { engineLogTo } from '../cli/diagnostics';
import { loadDataStep, type LoadedDataStep } from '../data-steps/load-data-step';
import { MigratorError, UsageError } from '../cli/migrator-error';
import { migrationsBeforeBase } from '../history/base-order';
import { SUM_FILE, verifyHistorySum } from '../history/history-sum';
import { ExitCode } from '../cli/exit-codes';
import { lintMigration } from '../lint/lint-migration';
import { readWaivers } from '../lint/lint-waivers';
import { MigrationSyntaxError } from '../sql/migration-syntax-error';
import type { CommandContext, CommandOutcome } from './command';

export interface CheckOptions {
  /** A git ref: new folders must sort after the newest migration there. */
  base?: string;
  /** Rows generated into each empty table before a data step runs. */
  seedRows?: number;
}

type Problem = CheckProblem;

export const DEFAULT_SEED_ROWS = 2500;

/**
 * The CI gate, needing no real database: history ↔ schema.prisma drift, a down.sql for every
 * migration, up → down → up leaving identical schemas (data steps included, on seeded rows), and
 * the safety lint.
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
  let seeding: SeedRecord[] = [];
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
    seeding = await reporter.step(
      steps.size > 0
        ? 'up → down → up leaves identical schemas (data steps on seeded rows)'
        : 'up → down → up leaves identical schemas',
      () =>
        roundTrip(server, history, steps, problems, {
          seedRows: options.seedRows ?? DEFAULT_SEED_ROWS,
        }),
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
    document: { command: 'check', passed: errors.length === 0, problems, seeding },
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
