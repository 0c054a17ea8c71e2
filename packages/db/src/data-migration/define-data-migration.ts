/**
 * The authoring side of a data step: a migration folder's `data.ts` default-exports
 * `defineDataMigration({...})`. It lives in `@publishing/db` (not in the migrator app) because the
 * step is part of the history format like `migration.sql`: the migrator runs it, the API reads its
 * ledger for readiness, and apps may not import each other. This module has no dependencies, so
 * loading a `data.ts` never loads the Prisma client.
 */

/** A value bound as a query parameter (never spliced into the SQL text). */
export type SqlValue =
  | string
  | number
  | bigint
  | boolean
  | Date
  | Buffer
  | null
  | readonly SqlValue[]
  | { readonly [key: string]: unknown };

/** Tagged template: every `${value}` becomes a bound parameter (`$1`, `$2`, …). Resolves to the rows. */
export type SqlTag = <Row = Record<string, unknown>>(
  strings: TemplateStringsArray,
  ...values: SqlValue[]
) => Promise<Row[]>;

export interface DataStepLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** One batch of a `ctx.batch` walk: the keys it covers, in key order, as text. */
export interface Batch {
  /** Bound to this batch's own short transaction. */
  sql: SqlTag;
  /** First and last key of the batch (inclusive): `WHERE id BETWEEN ${from} AND ${to}`. */
  from: string;
  to: string;
  keys: string[];
}

export interface BatchOptions {
  /** Table to walk, e.g. `publishing_channels` (optionally schema-qualified). */
  table: string;
  /** A unique, indexed column the walk orders by (the primary key). */
  key: string;
  /** Rows per batch (one short transaction each). Default 1000. */
  size?: number;
  /** Pause between batches, leaving room to the application's own writes. Default 0. */
  pauseMs?: number;
  /** Updates the rows of one batch; it commits with the walk's progress, so it never runs twice. */
  update: (batch: Batch) => Promise<unknown>;
}

export interface DataStepContext {
  /**
   * `transaction` mode: bound to the migration's own transaction. `batched` mode: each statement
   * commits on its own, and runs again when a stopped step resumes (keep it idempotent).
   */
  sql: SqlTag;
  log: DataStepLogger;
  /**
   * `batched` mode only: walks `table` by `key` in batches; progress is stored after every batch,
   * so a stopped deploy resumes after the last committed one.
   */
  batch(options: BatchOptions): Promise<{ rows: number }>;
}

export type DataStepMode = 'transaction' | 'batched';

export interface DataMigration {
  /**
   * `transaction`: `up` runs after the folder's SQL in the same transaction.
   * `batched`: `up` runs after the folder's SQL has committed, in short batches (`ctx.batch`).
   */
  mode: DataStepMode;
  /**
   * Whether the API stays not ready until this step is done. Write it as a literal `true` or
   * `false`: the API reads it from the file's text, without running TypeScript.
   */
  blocking: boolean;
  up(ctx: DataStepContext): Promise<void>;
  /** Undoes `up`; rollback runs it before `down.sql`. Without it, rollback needs `--force`. */
  down?(ctx: DataStepContext): Promise<void>;
  /**
   * What `up` must have done, asserted by `pnpm migrate check` after each `up` on its seeded
   * scratch database (every table holds generated rows): throw to fail the check. Deploy never
   * runs it. `ctx.sql` only; no batches.
   */
  verify?(ctx: DataStepContext): Promise<void>;
}

const DATA_MIGRATION = Symbol.for('@publishing/db/data-migration');

/** A data step's definition, checked here so a mistake names the field at load time. */
export function defineDataMigration(definition: DataMigration): DataMigration {
  if (definition.mode !== 'transaction' && definition.mode !== 'batched')
    throw new TypeError(
      `defineDataMigration: mode must be 'transaction' or 'batched', got ${JSON.stringify(definition.mode)}.`,
    );
  if (typeof definition.blocking !== 'boolean')
    throw new TypeError('defineDataMigration: blocking must be true or false.');
  if (typeof definition.up !== 'function')
    throw new TypeError('defineDataMigration: up must be a function.');
  if (definition.down !== undefined && typeof definition.down !== 'function')
    throw new TypeError('defineDataMigration: down must be a function when given.');
  if (definition.verify !== undefined && typeof definition.verify !== 'function')
    throw new TypeError('defineDataMigration: verify must be a function when given.');
  return { ...definition, [DATA_MIGRATION]: true } as DataMigration;
}

export function isDataMigration(value: unknown): value is DataMigration {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[DATA_MIGRATION] === true
  );
}
