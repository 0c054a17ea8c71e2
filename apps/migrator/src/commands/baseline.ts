import {
  ensureLedger,
  insertLedgerRow,
  readLedger,
  readLocalHistory,
  type LocalMigration,
} from '@publishing/db/history';
import { openScratchServer, snapshotSchema } from '@publishing/db/postgres';
import pg from 'pg';
import { ExitCode } from '../cli/exit-codes';
import { MigratorError, UsageError } from '../cli/migrator-error';
import { requireDatabaseUrl } from '../config/migrator-config';
import {
  ALEMBIC_VERSION_TABLE,
  dropAlembicVersion,
  isAlembicBookkeeping,
  readAlembicRevisions,
} from '../database/alembic-version';
import { compareSchemas, countDifferences } from '../database/schema-differences';
import { withSession } from '../database/session';
import type { CommandContext, CommandOutcome } from './command';

export interface BaselineOptions {
  to?: string;
  /** Drop Alembic's `alembic_version` in the transaction that records the baseline. */
  dropAlembicVersion?: boolean;
}

/**
 * Adopts a database created without migrations (by the old service at start-up, perhaps stamped
 * by Alembic since): its live schema must equal the history's state at NAME (default: the first
 * migration); only then are the migrations up to NAME recorded as applied, in one transaction.
 * Otherwise the differences are printed. Alembic's `alembic_version` is left out of the
 * comparison and dropped in that transaction, only when asked (`--drop-alembic-version`).
 */
export async function baseline(
  context: CommandContext,
  options: BaselineOptions,
): Promise<CommandOutcome> {
  const { config, reporter } = context;
  const history = await readLocalHistory(config.migrationsDir);
  const upTo = options.to ?? history[0]?.name;
  const end = history.findIndex((migration) => migration.name === upTo);
  if (end === -1)
    throw new UsageError(`--to ${upTo}: no such migration in ${config.migrationsDir}.`);
  const adopted = history.slice(0, end + 1);

  return withSession(context, { lock: true }, async ({ client, target }) => {
    if ((await readLedger(client)).length > 0) {
      throw new MigratorError(
        `${target} already has a migration history; baseline is only for databases created without migrations.`,
        'See `pnpm migrate status`.',
      );
    }
    reporter.progress(`Comparing ${target} with the history up to ${upTo}…`);
    const alembicRevisions = await readAlembicRevisions(client);
    if (alembicRevisions) {
      reporter.progress(
        `Found Alembic's ${ALEMBIC_VERSION_TABLE} table (revision ${alembicRevisions.join(', ') || 'none'}): left out of the comparison.`,
      );
    }
    const live = (await snapshotSchema(client)).filter((line) => !isAlembicBookkeeping(line));
    const expected = await schemaAfter(adopted, requireDatabaseUrl(config));
    const differences = compareSchemas(expected, live);
    const count = countDifferences(differences);
    if (count > 0) {
      reporter.print(
        [
          `The live schema differs from the history at ${upTo}:`,
          ...differences.missing.map((line) => `  - expected, missing: ${line}`),
          ...differences.extra.map((line) => `  + present, not in the history: ${line}`),
          ...differences.changed.map(
            (change) =>
              `  ~ changed: ${change.object}\n      history: ${change.expected}\n      live:    ${change.live}`,
          ),
        ].join('\n'),
      );
      throw new MigratorError(
        `Refusing to baseline: ${count} difference${count === 1 ? '' : 's'} with ${upTo}.`,
        'Bring the database to that exact state first, or choose the matching migration with --to.',
        ExitCode.CheckFailed,
        { ...differences, alembicRevisions },
      );
    }
    if (alembicRevisions && !options.dropAlembicVersion) {
      throw new MigratorError(
        `${target} matches the history at ${upTo}, but Alembic's ${ALEMBIC_VERSION_TABLE} says Alembic manages it (revision ${alembicRevisions.join(', ') || 'none'}).`,
        `Run \`pnpm migrate baseline --drop-alembic-version\` to drop that table in the same transaction as the baseline records (afterwards only this history changes the schema; \`status\` would report the table as drift otherwise).`,
        ExitCode.CheckFailed,
        { alembicRevisions },
      );
    }
    await client.query('BEGIN');
    try {
      await ensureLedger(client);
      for (const migration of adopted) {
        await insertLedgerRow(client, {
          migrationName: migration.name,
          checksum: migration.checksum,
          startedAt: new Date(),
          finished: true,
          appliedStepsCount: 0,
          logs: 'baselined: schema found in place, not applied',
        });
      }
      if (alembicRevisions) await dropAlembicVersion(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    if (alembicRevisions) {
      reporter.progress(
        `Dropped ${ALEMBIC_VERSION_TABLE} (Alembic revision ${alembicRevisions.join(', ') || 'none'}).`,
      );
    }
    reporter.print(
      `Baselined ${target}: ${adopted.length} migration(s) up to ${upTo} recorded as applied. Run \`pnpm migrate deploy\` for the rest.`,
    );
    return {
      exitCode: ExitCode.Ok,
      document: {
        command: 'baseline',
        target,
        baselined: adopted.map((m) => m.name),
        droppedAlembicVersion: alembicRevisions ?? null,
      },
    };
  });
}

/** The schema the given migrations produce, replayed on a throwaway database of the same server. */
async function schemaAfter(migrations: LocalMigration[], serverUrl: string): Promise<string[]> {
  const server = await openScratchServer(serverUrl);
  try {
    const scratch = await server.createDatabase();
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      for (const migration of migrations) await client.query(migration.sql);
      return await snapshotSchema(client);
    } finally {
      await client.end();
    }
  } finally {
    await server.close();
  }
}
