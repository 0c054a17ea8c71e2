import {
  ensureDataStepLedger,
  markDataStepRolledBack,
  type LocalMigration,
} from '@publishing/db/history';
import { snapshotSchema, type ScratchServer } from '@publishing/db/postgres';
import pg from 'pg';
import { createReporter, type Reporter } from '../cli/reporter';
import { transactionContext } from '../data-steps/data-step-context';
import type { LoadedDataStep } from '../data-steps/load-data-step';
import { runBatchedStep, runOwedTransactionStep } from '../data-steps/run-data-step';
import { isNonTransactional } from '../sql/no-transaction-directive';
import { splitStatements } from '../sql/parse-migration-sql';
import type { CheckProblem } from './check-problem';
import { seedEmptyTables } from './seed-tables';
import { changedTables, fingerprintTables } from './table-fingerprint';

export interface RoundTripOptions {
  /** Rows generated into each empty table before a migration with a data step. */
  seedRows: number;
}

/** Tables seeded before a data step ran, as `check --json` reports them. */
export interface SeedRecord {
  before: string;
  seeded: string[];
  skipped: { table: string; reason: string }[];
}

/**
 * Applies the history to a scratch database one migration at a time: up, down, up again, with
 * the schema compared after each. Before a migration with a data step, every empty table is
 * seeded, so the step runs over rows (several batches of a walk); its `verify()` runs after each
 * `up`, and a second `up` that leaves different data than the first is reported.
 */
export async function roundTrip(
  server: ScratchServer,
  history: LocalMigration[],
  steps: ReadonlyMap<string, LoadedDataStep>,
  problems: CheckProblem[],
  options: RoundTripOptions,
): Promise<SeedRecord[]> {
  const scratch = await server.createDatabase();
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  const quiet = createReporter({ json: true });
  const seeding: SeedRecord[] = [];
  const reportedSkips = new Set<string>();
  const up = async (migration: LocalMigration, file: string): Promise<boolean> => {
    if (await runOrReport(client, migration.sql, migration, file, problems)) return true;
    const step = steps.get(migration.name);
    if (step === undefined) return false;
    return (
      (await runStepOrReport(client, step, 'up', problems, quiet)) ||
      (await verifyOrReport(client, step, problems, quiet))
    );
  };
  try {
    if (steps.size > 0) await ensureDataStepLedger(client);
    for (const migration of history) {
      const step = steps.get(migration.name);
      if (step) {
        const seeded = await seedEmptyTables(client, options.seedRows);
        seeding.push({ before: migration.name, ...seeded });
        for (const { table, reason } of seeded.skipped) {
          if (reportedSkips.has(table)) continue;
          reportedSkips.add(table);
          problems.push({
            check: 'data-step',
            severity: 'warning',
            migration: migration.name,
            message: `its data step ran with ${table} empty: seeding it failed (${reason})`,
          });
        }
      }
      const before = await snapshotSchema(client);
      if (await up(migration, 'migration.sql')) return seeding;
      const after = await snapshotSchema(client);
      if (migration.downSql === null || migration.irreversibleReason !== null) continue;
      const dataAfter = step ? await fingerprintTables(client) : null;
      if (step && (await runStepOrReport(client, step, 'down', problems, quiet))) return seeding;
      if (await runOrReport(client, migration.downSql, migration, 'down.sql', problems)) {
        return seeding;
      }
      const reverted = await snapshotSchema(client);
      if (!sameSchema(reverted, before)) {
        problems.push({
          check: 'round-trip',
          severity: 'error',
          migration: migration.name,
          message: `down.sql does not restore the previous schema:\n${describeDifference(before, reverted)}`,
        });
        return seeding;
      }
      if (await up(migration, 'migration.sql (again)')) return seeding;
      if (!sameSchema(await snapshotSchema(client), after)) {
        problems.push({
          check: 'round-trip',
          severity: 'error',
          migration: migration.name,
          message: 'applying it again after down.sql gives a different schema',
        });
        return seeding;
      }
      if (dataAfter) {
        const changed = changedTables(dataAfter, await fingerprintTables(client));
        if (changed.length > 0) {
          problems.push({
            check: 'data-step',
            severity: 'warning',
            migration: migration.name,
            message: `up → down → up leaves other rows than the first up in ${changed.join(', ')}: down() does not undo up(), or up() writes the time or random values`,
          });
        }
      }
    }
    return seeding;
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
  problems: CheckProblem[],
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
  problems: CheckProblem[],
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

/** The step's own assertion about the rows `up` left, in a transaction rolled back afterwards. */
async function verifyOrReport(
  client: pg.Client,
  step: LoadedDataStep,
  problems: CheckProblem[],
  reporter: Reporter,
): Promise<boolean> {
  if (!step.definition.verify) return false;
  try {
    await client.query('BEGIN');
    await step.definition.verify(transactionContext(client, reporter, step.migration.name));
    return false;
  } catch (error) {
    problems.push({
      check: 'data-step',
      severity: 'error',
      migration: step.migration.name,
      message: `data.ts verify() failed after up() on seeded rows: ${(error as Error).message}`,
    });
    return true;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
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
