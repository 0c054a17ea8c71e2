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
import { withSession } from '../database/session';
import type { CommandContext, CommandOutcome } from './command';

export interface BaselineOptions {
  to?: string;
}

/**
 * Adopts a database created without migrations (by the old service at start-up): its live schema
 * must equal the history's state at NAME (default: the first migration); only then are the
 * migrations up to NAME recorded as applied. Otherwise the differences are printed.
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
    const live = await snapshotSchema(client);
    const expected = await schemaAfter(adopted, requireDatabaseUrl(config));
    const missing = expected.filter((line) => !live.includes(line));
    const extra = live.filter((line) => !expected.includes(line));
    if (missing.length > 0 || extra.length > 0) {
      reporter.print(
        [
          `The live schema differs from the history at ${upTo}:`,
          ...missing.map((line) => `  - expected, missing: ${line}`),
          ...extra.map((line) => `  + present, not in the history: ${line}`),
        ].join('\n'),
      );
      throw new MigratorError(
        `Refusing to baseline: ${missing.length + extra.length} difference(s) with ${upTo}.`,
        'Bring the database to that exact state first, or choose the matching migration with --to.',
        ExitCode.CheckFailed,
        { missing, extra },
      );
    }
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
    reporter.print(
      `Baselined ${target}: ${adopted.length} migration(s) up to ${upTo} recorded as applied. Run \`pnpm migrate deploy\` for the rest.`,
    );
    return {
      exitCode: ExitCode.Ok,
      document: { command: 'baseline', target, baselined: adopted.map((m) => m.name) },
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
