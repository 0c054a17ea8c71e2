import { randomUUID } from 'node:crypto';
import type { ClientBase } from 'pg';

/**
 * Prisma's migration ledger. Rows are read and written exactly as `prisma migrate` does, so the
 * stock CLI and the migrator can take over from each other at any point.
 */
export const LEDGER_TABLE = '_prisma_migrations';

export interface LedgerRow {
  id: string;
  checksum: string;
  migrationName: string;
  startedAt: Date;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
  logs: string | null;
  appliedStepsCount: number;
}

/** What reading the ledger needs: a pg client, or an adapter over Prisma's `$queryRawUnsafe`. */
export interface Queryable {
  query<T>(text: string, values?: unknown[]): Promise<{ rows: T[] }>;
}

export async function ledgerExists(client: Queryable): Promise<boolean> {
  const result = await client.query<{ exists: boolean }>(
    `SELECT to_regclass(current_schema() || '.${LEDGER_TABLE}') IS NOT NULL AS "exists"`,
  );
  return result.rows[0]?.exists === true;
}

/** All ledger rows in the order they were written; empty when the table does not exist yet. */
export async function readLedger(client: Queryable): Promise<LedgerRow[]> {
  if (!(await ledgerExists(client))) return [];
  const result = await client.query<LedgerRow>(
    `SELECT id, checksum, migration_name AS "migrationName", started_at AS "startedAt",
            finished_at AS "finishedAt", rolled_back_at AS "rolledBackAt", logs,
            applied_steps_count AS "appliedStepsCount"
       FROM ${LEDGER_TABLE}
      ORDER BY started_at, migration_name`,
  );
  return result.rows;
}

/** The table Prisma creates on first use (same DDL, so either tool may create it). */
export async function ensureLedger(client: ClientBase): Promise<void> {
  await client.query(`CREATE TABLE IF NOT EXISTS "${LEDGER_TABLE}" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
  )`);
}

export interface NewLedgerRow {
  migrationName: string;
  checksum: string;
  startedAt: Date;
  finished: boolean;
  appliedStepsCount: number;
  logs?: string | null;
}

export async function insertLedgerRow(client: ClientBase, row: NewLedgerRow): Promise<string> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO ${LEDGER_TABLE}
       (id, checksum, migration_name, started_at, finished_at, applied_steps_count, logs)
     VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END, $6, $7)`,
    [
      id,
      row.checksum,
      row.migrationName,
      row.startedAt,
      row.finished,
      row.appliedStepsCount,
      row.logs ?? null,
    ],
  );
  return id;
}

export async function updateLedgerRow(
  client: ClientBase,
  id: string,
  change: { finished: boolean; appliedStepsCount: number; logs?: string | null },
): Promise<void> {
  await client.query(
    `UPDATE ${LEDGER_TABLE}
        SET finished_at = CASE WHEN $2 THEN now() END, applied_steps_count = $3, logs = $4
      WHERE id = $1`,
    [id, change.finished, change.appliedStepsCount, change.logs ?? null],
  );
}

/** Records that a migration is no longer applied; deploy will apply it again (Prisma's meaning). */
export async function markRolledBack(client: ClientBase, migrationName: string): Promise<number> {
  const result = await client.query(
    `UPDATE ${LEDGER_TABLE} SET rolled_back_at = now()
      WHERE migration_name = $1 AND rolled_back_at IS NULL`,
    [migrationName],
  );
  return result.rowCount ?? 0;
}
