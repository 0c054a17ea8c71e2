import type { ClientBase } from 'pg';
import type { DataStepMode } from '../data-migration';
import type { Queryable } from './ledger';

/**
 * The migrator's own bookkeeping for data steps, beside Prisma's `_prisma_migrations`. It lives in
 * its own schema, created by the migrator's bookkeeping as Prisma creates its ledger: the history
 * keeps creating every application table in `public`, and neither Prisma's drift checks nor
 * `migrate dev` (which look at `public` only) see it.
 */
export const DATA_STEP_SCHEMA = 'publishing_migrator';
export const DATA_STEP_TABLE = `${DATA_STEP_SCHEMA}.data_steps`;

/** Where a `ctx.batch` walk stands; stored after every committed batch. */
export interface BatchProgress {
  table: string;
  key: string;
  lastKey: string | null;
  rowsDone: number;
  /** Rows the walk expected when it (re)started: done plus those left then. */
  rowsTotal: number;
  rowsPerSecond: number | null;
  etaSeconds: number | null;
  done: boolean;
  updatedAt: string;
}

export interface DataStepRow {
  migrationName: string;
  checksum: string;
  mode: DataStepMode;
  blocking: boolean;
  startedAt: Date;
  finishedAt: Date | null;
  failedAt: Date | null;
  rolledBackAt: Date | null;
  logs: string | null;
  progress: BatchProgress[];
}

export async function dataStepLedgerExists(client: Queryable): Promise<boolean> {
  const result = await client.query<{ exists: boolean }>(
    `SELECT to_regclass('${DATA_STEP_TABLE}') IS NOT NULL AS "exists"`,
  );
  return result.rows[0]?.exists === true;
}

export async function ensureDataStepLedger(client: ClientBase): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${DATA_STEP_SCHEMA};
    CREATE TABLE IF NOT EXISTS ${DATA_STEP_TABLE} (
      migration_name  VARCHAR(255) PRIMARY KEY,
      checksum        VARCHAR(64) NOT NULL,
      mode            TEXT NOT NULL,
      blocking        BOOLEAN NOT NULL,
      started_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
      finished_at     TIMESTAMPTZ,
      failed_at       TIMESTAMPTZ,
      rolled_back_at  TIMESTAMPTZ,
      logs            TEXT,
      progress        JSONB NOT NULL DEFAULT '[]'
    )`);
}

/** Every data step record; empty when no data step ever ran here. */
export async function readDataStepLedger(client: Queryable): Promise<DataStepRow[]> {
  if (!(await dataStepLedgerExists(client))) return [];
  const result = await client.query<DataStepRow>(
    `SELECT migration_name AS "migrationName", checksum, mode, blocking, started_at AS "startedAt",
            finished_at AS "finishedAt", failed_at AS "failedAt", rolled_back_at AS "rolledBackAt",
            logs, progress
       FROM ${DATA_STEP_TABLE}
      ORDER BY migration_name`,
  );
  return result.rows;
}

/**
 * Records that a step starts (or resumes). A `fresh` start (its SQL was just applied, or the
 * record is from before that: rolled back, or left by a reset the ledger did not see) starts over
 * with no progress; otherwise a stopped step keeps its progress, so its walks resume.
 */
export async function startDataStep(
  client: ClientBase,
  step: { migrationName: string; checksum: string; mode: DataStepMode; blocking: boolean },
  fresh: boolean,
): Promise<void> {
  await client.query(
    `INSERT INTO ${DATA_STEP_TABLE} AS step (migration_name, checksum, mode, blocking)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (migration_name) DO UPDATE
        SET checksum = EXCLUDED.checksum, mode = EXCLUDED.mode, blocking = EXCLUDED.blocking,
            failed_at = NULL, finished_at = NULL,
            started_at = CASE WHEN $5 OR step.rolled_back_at IS NOT NULL THEN now() ELSE step.started_at END,
            progress = CASE WHEN $5 OR step.rolled_back_at IS NOT NULL THEN '[]' ELSE step.progress END,
            rolled_back_at = NULL`,
    [step.migrationName, step.checksum, step.mode, step.blocking, fresh],
  );
}

export async function finishDataStep(client: ClientBase, migrationName: string): Promise<void> {
  await client.query(
    `UPDATE ${DATA_STEP_TABLE} SET finished_at = now(), failed_at = NULL, logs = NULL
      WHERE migration_name = $1`,
    [migrationName],
  );
}

export async function failDataStep(
  client: ClientBase,
  migrationName: string,
  logs: string,
): Promise<void> {
  await client.query(
    `UPDATE ${DATA_STEP_TABLE} SET failed_at = now(), logs = $2 WHERE migration_name = $1`,
    [migrationName, logs],
  );
}

/** Stores walk `index`'s progress; run inside the batch's transaction so both commit together. */
export async function saveBatchProgress(
  client: ClientBase,
  migrationName: string,
  index: number,
  progress: BatchProgress,
): Promise<void> {
  await client.query(
    `UPDATE ${DATA_STEP_TABLE}
        SET progress = CASE WHEN jsonb_array_length(progress) > $2
                            THEN jsonb_set(progress, ARRAY[$2::text], $3::jsonb)
                            ELSE progress || jsonb_build_array($3::jsonb) END
      WHERE migration_name = $1`,
    [migrationName, index, JSON.stringify(progress)],
  );
}

export async function markDataStepRolledBack(
  client: ClientBase,
  migrationName: string,
): Promise<void> {
  await client.query(
    `UPDATE ${DATA_STEP_TABLE} SET rolled_back_at = now(), finished_at = NULL
      WHERE migration_name = $1`,
    [migrationName],
  );
}
