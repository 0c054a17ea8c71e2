import { randomUUID } from 'node:crypto';
import { escapeLiteral, type ClientBase } from 'pg';

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
  return (await client.query<LedgerRow>(SELECT_LEDGER)).rows;
}

/**
 * Creates the ledger if it is missing and reads it, in one round trip (a deploy about to
 * migrate does both).
 */
export async function ensureAndReadLedger(client: ClientBase): Promise<LedgerRow[]> {
  const results = (await client.query(`${CREATE_LEDGER};\n${SELECT_LEDGER}`)) as unknown as {
    rows: LedgerRow[];
  }[];
  return results[1]!.rows;
}

const SELECT_LEDGER = `SELECT id, checksum, migration_name AS "migrationName", started_at AS "startedAt",
            finished_at AS "finishedAt", rolled_back_at AS "rolledBackAt", logs,
            applied_steps_count AS "appliedStepsCount"
       FROM ${LEDGER_TABLE}
      ORDER BY started_at, migration_name`;

/** The table Prisma creates on first use (same DDL, so either tool may create it). */
export async function ensureLedger(client: ClientBase): Promise<void> {
  await client.query(CREATE_LEDGER);
}

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS "${LEDGER_TABLE}" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
  )`;

export interface NewLedgerRow {
  migrationName: string;
  checksum: string;
  startedAt: Date;
  finished: boolean;
  appliedStepsCount: number;
  logs?: string | null;
}

export async function insertLedgerRow(client: ClientBase, row: NewLedgerRow): Promise<string> {
  const insert = insertLedgerRowSql(row);
  await client.query(insert.sql);
  return insert.id;
}

/**
 * The INSERT of a ledger row as one statement with its values written in, so it can share a
 * simple-query message (one round trip) with the migration it records.
 */
export function insertLedgerRowSql(row: NewLedgerRow): { id: string; sql: string } {
  const id = randomUUID();
  const values = [
    escapeLiteral(id),
    escapeLiteral(row.checksum),
    escapeLiteral(row.migrationName),
    `${escapeLiteral(row.startedAt.toISOString())}::timestamptz`,
    row.finished ? 'now()' : 'NULL',
    String(Math.trunc(row.appliedStepsCount)),
    row.logs == null ? 'NULL' : escapeLiteral(row.logs),
  ];
  return {
    id,
    sql: `INSERT INTO ${LEDGER_TABLE}
       (id, checksum, migration_name, started_at, finished_at, applied_steps_count, logs)
     VALUES (${values.join(', ')})`,
  };
}

export async function updateLedgerRow(
  client: ClientBase,
  id: string,
  change: LedgerRowChange,
): Promise<void> {
  await client.query(updateLedgerRowSql(id, change));
}

export interface LedgerRowChange {
  finished: boolean;
  appliedStepsCount: number;
  logs?: string | null;
}

/** The UPDATE of a ledger row's progress as one statement with its values written in. */
export function updateLedgerRowSql(id: string, change: LedgerRowChange): string {
  return `UPDATE ${LEDGER_TABLE}
        SET finished_at = ${change.finished ? 'now()' : 'NULL'},
            applied_steps_count = ${Math.trunc(change.appliedStepsCount)},
            logs = ${change.logs == null ? 'NULL' : escapeLiteral(change.logs)}
      WHERE id = ${escapeLiteral(id)}`;
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
