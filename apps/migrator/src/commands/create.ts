import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NO_SCHEMA_FILTER, openSchemaEngine, readMigrationsList } from '@publishing/db/engine';
import { DATA_STEP_FILE, readLocalHistory } from '@publishing/db/history';
import { engineLogTo } from '../cli/diagnostics';
import { ExitCode } from '../cli/exit-codes';
import { MigratorError, UsageError } from '../cli/migrator-error';
import { requireDatabaseUrl } from '../config/migrator-config';
import { SUM_FILE, writeHistorySum } from '../history/history-sum';
import type { CommandContext, CommandOutcome } from './command';

export interface CreateOptions {
  name?: string;
  /** Also scaffold a TypeScript data step (`data.ts`); allowed without a schema change. */
  data?: boolean;
}

const DATA_STEP_SCAFFOLD = `import { defineDataMigration } from '@publishing/db/data-migration';

// Runs after migration.sql. Write mode and blocking as literals: status and the API read them
// from this text. See docs/migrator.md, "Data steps".
export default defineDataMigration({
  // 'transaction': up() runs in migration.sql's own transaction (small tables).
  // 'batched': up() runs after it commits, walking a large table in short batches (resumable).
  mode: 'batched',
  // true: the API stays not ready until this step is done; false: it only warns.
  blocking: false,
  async up(ctx) {
    throw new Error('TODO: write the backfill, then delete this line');
    await ctx.batch({
      table: 'publishing_publications',
      key: 'id',
      size: 1000,
      pauseMs: 10,
      update: ({ sql, from, to }) => sql\`
        UPDATE publishing_publications SET updated_at = updated_at
         WHERE id BETWEEN \${from} AND \${to}\`,
    });
  },
  // Undoes up() on rollback, before down.sql, in its transaction; without it rollback needs --force.
  async down(ctx) {
    ctx.log.info('nothing to undo');
  },
  // \`pnpm migrate check\` runs this after up() on generated rows in every table: throw if up() missed some.
  async verify(ctx) {
    const [left] = await ctx.sql<{ count: string }>\`SELECT count(*) AS count FROM publishing_publications WHERE false /* TODO: the rows up() should have changed */\`;
    if (Number(left?.count) > 0) throw new Error(\`\${left?.count} rows left to backfill\`);
  },
});
`;

/**
 * Development: diffs `schema.prisma` against the history (replayed in a throwaway shadow database)
 * and writes a new migration folder with `migration.sql` and its reverse `down.sql`. Applies nothing.
 */
export async function create(
  context: CommandContext,
  options: CreateOptions,
): Promise<CommandOutcome> {
  const { config, reporter } = context;
  const name = options.name
    ?.trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  if (!name) throw new UsageError('create needs --name, e.g. --name add_publication_slug.');
  const schema = {
    files: [{ path: config.schemaPath, content: await readFile(config.schemaPath, 'utf8') }],
  };
  const migrationsList = await readMigrationsList(config.migrationsDir);

  const { engine, close } = await openSchemaEngine({
    url: requireDatabaseUrl(config),
    onLog: engineLogTo(await context.diagnostics()),
  });
  try {
    // Both directions are diffs between the history (replayed in a shadow database) and the
    // schema. The wasm engine's createMigration cannot reach the shadow database factory.
    const forward = await engine.diff({
      from: { tag: 'migrations', ...migrationsList },
      to: { tag: 'schemaDatamodel', ...schema },
      script: true,
      exitCode: null,
      filters: NO_SCHEMA_FILTER,
    });
    const changed = hasStatements(forward.stdout ?? '');
    const script = changed
      ? (forward.stdout ?? '')
      : '-- A data-only migration: no schema change; data.ts does the work.\n';
    if (!changed && !options.data) {
      reporter.print('schema.prisma matches the history: no migration to create.');
      return { exitCode: ExitCode.Ok, document: { command: 'create', created: null } };
    }
    const reverse = !changed
      ? { stdout: '' }
      : await engine.diff({
          from: { tag: 'schemaDatamodel', ...schema },
          to: { tag: 'migrations', ...migrationsList },
          script: true,
          exitCode: null,
          filters: NO_SCHEMA_FILTER,
        });
    const dataLoss = await engine
      .evaluateDataLoss({ migrationsList, schema, filters: NO_SCHEMA_FILTER })
      .then((result) =>
        [...result.unexecutableSteps, ...result.warnings].map((step) => step.message),
      )
      .catch(() => [] as string[]);

    const folder = `${timestamp(new Date())}_${name}`;
    const dir = join(config.migrationsDir, folder);
    await mkdir(dir, { recursive: false }).catch((error: NodeJS.ErrnoException) => {
      throw new MigratorError(
        `Cannot create ${dir}: ${error.code === 'EEXIST' ? 'it already exists' : error.message}.`,
      );
    });
    await writeFile(join(dir, 'migration.sql'), script);
    if (options.data) await writeFile(join(dir, DATA_STEP_FILE), DATA_STEP_SCAFFOLD);
    await writeFile(
      join(dir, 'down.sql'),
      `-- Reverse of ${folder}, generated: review it. Data the up migration deleted cannot come back;\n` +
        '-- if this cannot restore the previous state, replace this file with a line\n' +
        '-- "-- migrate:irreversible <reason>" so rollback refuses it.\n' +
        (reverse.stdout ?? ''),
    );
    await writeHistorySum(config.migrationsDir, await readLocalHistory(config.migrationsDir));
    const files = options.data
      ? 'migration.sql, down.sql and data.ts'
      : 'migration.sql and down.sql';
    reporter.print(
      `Created ${files} in ${dir}, and updated ${SUM_FILE}. Review them, then commit them with schema.prisma and ${SUM_FILE}.`,
    );
    for (const warning of dataLoss) reporter.print(`  ! data loss: ${warning}`);
    return {
      exitCode: ExitCode.Ok,
      document: { command: 'create', created: folder, dir, dataLossWarnings: dataLoss },
    };
  } finally {
    await close();
  }
}

/** Prisma's folder prefix: YYYYMMDDHHMMSS in UTC. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

function hasStatements(script: string): boolean {
  return script.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--'));
}
