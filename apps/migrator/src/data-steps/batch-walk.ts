import { setTimeout as sleep } from 'node:timers/promises';
import type { BatchOptions } from '@publishing/db/data-migration';
import { saveBatchProgress, type BatchProgress } from '@publishing/db/history';
import type pg from 'pg';
import { MigratorError } from '../cli/migrator-error';
import type { Reporter } from '../cli/reporter';
import { describeProgress } from './describe-progress';
import { createSqlTag } from './sql-tag';

export interface WalkSettings {
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  /** The longest a batch keeps retrying a lock timeout before the step stops (resumable). */
  lockWaitMs: number;
}

const DEFAULT_SIZE = 1000;
const PROGRESS_EVERY_MS = 1000;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** `"schema"."table"` from `schema.table`, refusing anything that is not plain identifiers. */
function quoteName(name: string, field: string): string {
  const parts = name.split('.');
  if (parts.length > 2 || !parts.every((part) => IDENTIFIER.test(part)))
    throw new MigratorError(
      `ctx.batch: ${field} ${JSON.stringify(name)} is not a plain table or column name.`,
      `Pass ${field} as an identifier, e.g. ${field === 'key' ? "'id'" : "'publishing_channels'"}.`,
    );
  return parts.map((part) => `"${part}"`).join('.');
}

/**
 * One `ctx.batch` walk: batches of `size` keys after the last committed one, each in its own
 * short transaction under `lock_timeout`, which also stores the walk's progress. A batch commits
 * with its progress or not at all, so a killed run redoes at most the batch it was in, and a
 * committed batch is never redone.
 */
export async function walkBatches(
  client: pg.ClientBase,
  options: BatchOptions,
  walk: { migrationName: string; index: number; resumeFrom: BatchProgress | undefined },
  settings: WalkSettings,
  reporter: Reporter,
): Promise<{ rows: number }> {
  const table = quoteName(options.table, 'table');
  const key = quoteName(options.key, 'key');
  const size = options.size ?? DEFAULT_SIZE;
  if (!Number.isInteger(size) || size < 1)
    throw new MigratorError(`ctx.batch(${options.table}): size must be a positive whole number.`);
  const pauseMs = options.pauseMs ?? 0;
  const label = `${walk.migrationName} ${options.table}`;
  const previous = walk.resumeFrom;
  if (previous?.done) {
    reporter.progress(`    ${label}: done earlier (${previous.rowsDone} rows)`);
    return { rows: previous.rowsDone };
  }
  let lastKey = previous?.lastKey ?? null;
  let rowsDone = previous?.rowsDone ?? 0;
  const left = await client.query<{ count: string }>(
    `SELECT count(*) AS count FROM ${table}${lastKey === null ? '' : ` WHERE ${key} > $1`}`,
    lastKey === null ? [] : [lastKey],
  );
  const rowsTotal = rowsDone + Number(left.rows[0]?.count ?? 0);
  if (previous)
    reporter.progress(`    ${label}: resuming after key ${lastKey} (${rowsDone} rows done)`);

  const started = performance.now();
  const rowsAtStart = rowsDone;
  let printedAt = 0;
  const progress = (done: boolean): BatchProgress => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? (rowsDone - rowsAtStart) / seconds : null;
    return {
      table: options.table,
      key: options.key,
      lastKey,
      rowsDone,
      rowsTotal,
      rowsPerSecond: rate === null ? null : Math.round(rate),
      etaSeconds: done
        ? 0
        : rate && rate > 0
          ? Math.round((10 * Math.max(0, rowsTotal - rowsDone)) / rate) / 10
          : null,
      done,
      updatedAt: new Date().toISOString(),
    };
  };

  for (;;) {
    const batch = await inBatchTransaction(client, settings, label, reporter, async () => {
      const selected = await client.query<{ key: string }>(
        `SELECT ${key}::text AS key FROM ${table}${lastKey === null ? '' : ` WHERE ${key} > $1`} ORDER BY ${key} LIMIT ${size}`,
        lastKey === null ? [] : [lastKey],
      );
      const keys = selected.rows.map((row) => row.key);
      if (keys.length === 0) return keys;
      await options.update({
        sql: createSqlTag(client),
        from: keys[0]!,
        to: keys[keys.length - 1]!,
        keys,
      });
      const next = { lastKey: keys[keys.length - 1]!, rowsDone: rowsDone + keys.length };
      await saveBatchProgress(client, walk.migrationName, walk.index, {
        ...progress(false),
        ...next,
      });
      return keys;
    });
    if (batch.length === 0) break;
    lastKey = batch[batch.length - 1]!;
    rowsDone += batch.length;
    if (performance.now() - printedAt >= PROGRESS_EVERY_MS) {
      printedAt = performance.now();
      reporter.progress(`    ${label}: ${describeProgress(progress(false))}`);
    }
    if (pauseMs > 0) await sleep(pauseMs);
  }
  const finished = progress(true);
  await saveBatchProgress(client, walk.migrationName, walk.index, finished);
  reporter.progress(`    ${label}: ${describeProgress(finished)}`);
  return { rows: rowsDone };
}

/** Runs one batch in its own transaction; a lock timeout is retried with backoff within lockWaitMs. */
async function inBatchTransaction<T>(
  client: pg.ClientBase,
  settings: WalkSettings,
  label: string,
  reporter: Reporter,
  work: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + settings.lockWaitMs;
  for (let retry = 0; ; retry++) {
    await client.query('BEGIN');
    try {
      await client.query(
        `SET LOCAL lock_timeout = ${Math.round(settings.lockTimeoutMs)}; SET LOCAL statement_timeout = ${Math.round(settings.statementTimeoutMs)}`,
      );
      const result = await work();
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      const code = (error as { code?: string }).code;
      const delay = Math.min(100 * 2 ** retry, 5000);
      if (code !== '55P03' || Date.now() + delay > deadline) throw error;
      reporter.progress(
        `    … ${label}: a batch's lock was not granted within ${settings.lockTimeoutMs} ms; retry ${retry + 1} in ${delay} ms`,
      );
      await sleep(delay);
    }
  }
}
