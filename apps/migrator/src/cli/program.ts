import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Logger } from '@publishing/logging';
import type { CommandContext, CommandOutcome } from '../commands/command';
import { DURATION_EXPECTED, parseDuration } from '../config/duration';
import type { ConfigFlags } from '../config/migrator-config';
import { EXIT_CODES_HELP, ExitCode } from './exit-codes';
import { renderError } from './render-error';
import { createReporter } from './reporter';

type Run = (context: CommandContext, options: Record<string, unknown>) => Promise<CommandOutcome>;

const ENVIRONMENT_HELP = `Environment:
  DATABASE_URL               database to migrate (a direct connection, not a transaction pooler)
  MIGRATIONS_DIR             migrations folder (default: the repository's prisma/migrations)
  PRISMA_SCHEMA              Prisma schema (default: the repository's prisma/schema.prisma)
                             (relative values of these two start at the repository's root)
  MIGRATE_LOCK_TIMEOUT       lock_timeout of each migration attempt (default 3s)
  MIGRATE_STATEMENT_TIMEOUT  statement_timeout (default 10m)
  MIGRATE_CONNECT_WAIT       how long to wait for the database to accept connections (default 30s)
  MIGRATE_LOCK_WAIT          the longest a run waits for locks in all (default 60s)
  MIGRATE_LOCK_RETRIES       at most this many retries of a lock-timed-out attempt
                             (default: as many as MIGRATE_LOCK_WAIT allows)
  NODE_ENV / MIGRATE_ENV     "production" refuses reset`;

function duration(value: string): number {
  const milliseconds = parseDuration(value);
  if (milliseconds === undefined) throw new InvalidArgumentError(`${DURATION_EXPECTED}.`);
  return milliseconds;
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError('must be a positive whole number.');
  return parsed;
}

/** `pnpm migrate <command>`: resolves to the process exit code, never throws. */
export async function runMigrator(argv: string[]): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  // Only `check --help` lists the lint rules: other commands start without loading them.
  const lintRules = argv.includes('check')
    ? (await import('../lint/rule-registry.js')).LINT_RULES
    : [];
  const program = new Command('migrate')
    .description(
      'Applies and checks the prisma/migrations history on PostgreSQL: the deploy step pipelines run.',
    )
    .option('--json', 'print one JSON document on stdout instead of human output')
    .option(
      '--migrations <dir>',
      "migrations folder, from the working directory (default: MIGRATIONS_DIR, or the repository's prisma/migrations)",
    )
    .option(
      '--schema <file>',
      "Prisma schema, from the working directory (default: PRISMA_SCHEMA, or the repository's prisma/schema.prisma)",
    )
    .option(
      '--wait <duration>',
      'wait this long for the database to accept connections (default 30s)',
      duration,
    )
    .option(
      '--lock-wait <duration>',
      'the longest to wait for locks in all: for another migration to finish, then for busy tables, whose attempts (each bounded by --lock-timeout) are retried with backoff inside it (default 60s)',
      duration,
    )
    .option(
      '--lock-timeout <duration>',
      'lock_timeout of each migration attempt; a blocked attempt is retried within --lock-wait, naming the sessions that block it (default 3s)',
      duration,
    )
    .option(
      '--statement-timeout <duration>',
      'statement_timeout while migrating (default 10m)',
      duration,
    )
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n\n${ENVIRONMENT_HELP}`)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  const action = (run: Run) => async (options: Record<string, unknown>, command: Command) => {
    const globals = command.optsWithGlobals<ConfigFlags & { json?: boolean }>();
    const reporter = createReporter({ json: globals.json === true });
    let diagnostics: (() => Promise<Logger>) | undefined;
    try {
      // Loaded here, not at the top: `--help` needs neither zod nor the database helpers.
      const { loadMigratorConfig } = await import('../config/migrator-config.js');
      const { lazyDiagnostics } = await import('./diagnostics.js');
      const config = loadMigratorConfig(globals);
      diagnostics = lazyDiagnostics({
        debug: config.debug,
        production: config.production,
      });
      const outcome = await run({ config, reporter, diagnostics }, options);
      reporter.document(outcome.document);
      exitCode = outcome.exitCode;
    } catch (error) {
      exitCode = renderError(error, reporter, await diagnostics?.());
    }
  };

  program
    .command('deploy')
    .description('apply pending migrations in order, each in one transaction with its ledger row')
    .option('--dry-run', 'print the SQL instead of running it (same as plan)')
    .option(
      '--allow-out-of-order',
      'apply pending migrations that sort before the newest applied one (refused by default)',
    )
    .action(
      action(async (context, options) =>
        (await import('../commands/deploy.js')).deploy(context, {
          dryRun: options.dryRun === true,
          allowOutOfOrder: options.allowOutOfOrder === true,
        }),
      ),
    );
  program
    .command('status')
    .description(
      'applied, pending, failed, edited and unknown migrations, and schema drift (exit 3 if not at head)',
    )
    .option(
      '--no-drift',
      'skip the drift check (it needs CREATE DATABASE for a throwaway shadow database)',
    )
    .action(
      action(async (context, options) =>
        (await import('../commands/status.js')).status(context, { drift: options.drift !== false }),
      ),
    );
  program
    .command('plan')
    .description('print the SQL deploy would run, in order, touching nothing')
    .action(action(async (context) => (await import('../commands/plan.js')).plan(context)));
  program
    .command('create')
    .description(
      'development: write a new migration (migration.sql + down.sql) from schema.prisma; applies nothing',
    )
    .requiredOption('--name <name>', 'what the migration does, e.g. add_publication_slug')
    .option(
      '--data',
      'also scaffold data.ts, a TypeScript data step deploy runs after the SQL (allowed with no schema change)',
    )
    .action(
      action(async (context, options) =>
        (await import('../commands/create.js')).create(context, {
          name: String(options.name),
          data: options.data === true,
        }),
      ),
    );
  program
    .command('rollback')
    .description(
      'run down.sql of the last applied migrations, newest first; deploy re-applies them later',
    )
    .addOption(
      new Option('--steps <n>', 'how many migrations to roll back (default 1)')
        .argParser(positiveInteger)
        .conflicts('to'),
    )
    .option('--to <name>', 'roll back every migration applied after <name>')
    .option(
      '--force',
      'roll back even without a reversible down.sql (then only recorded as rolled back)',
    )
    .option('--dry-run', 'say what would be rolled back and which data would be dropped')
    .action(
      action(async (context, options) =>
        (await import('../commands/rollback.js')).rollback(context, {
          steps: options.steps as number | undefined,
          to: options.to as string | undefined,
          force: options.force === true,
          dryRun: options.dryRun === true,
        }),
      ),
    );
  program
    .command('resolve')
    .description(
      "record a failed migration as rolled back, or a migration as applied (Prisma's meaning)",
    )
    .addOption(
      new Option('--applied <name>', 'its changes were made by other means').conflicts(
        'rolledBack',
      ),
    )
    .option('--rolled-back <name>', 'a failed migration whose changes are not in the database')
    .action(
      action(async (context, options) =>
        (await import('../commands/resolve.js')).resolve(context, {
          applied: options.applied as string | undefined,
          rolledBack: options.rolledBack as string | undefined,
        }),
      ),
    );
  program
    .command('baseline')
    .description(
      'adopt a database created without migrations: record the history up to <name> as applied if the schema matches',
    )
    .option(
      '--to <name>',
      'last migration the database already has (default: the first, legacy_baseline)',
    )
    .option(
      '--drop-alembic-version',
      "the database was stamped by Alembic: drop its alembic_version table in the baseline's transaction",
    )
    .action(
      action(async (context, options) =>
        (await import('../commands/baseline.js')).baseline(context, {
          to: options.to as string | undefined,
          dropAlembicVersion: options.dropAlembicVersion === true,
        }),
      ),
    );
  program
    .command('check')
    .description(
      'CI gate without a real database: migrations.sum, drift, down.sql present, up → down → up, safety lint',
    )
    .addHelpText(
      'after',
      `\nLint rules (waive one per migration in its lint-waivers.json, with a reason):\n${lintRules.map((rule) => `  ${rule.id.padEnd(34)} ${rule.severity.padEnd(8)} ${rule.description}`).join('\n')}`,
    )
    .option(
      '--base <ref>',
      'fail when a migration this branch adds sorts before the newest one on <ref> (e.g. origin/main)',
    )
    .addOption(
      new Option(
        '--seed-rows <count>',
        'rows generated into each empty table before a data step runs on the scratch database (default 2500)',
      ).argParser(positiveInteger),
    )
    .action(
      action(async (context, options) =>
        (await import('../commands/check.js')).check(context, {
          base: options.base as string | undefined,
          seedRows: options.seedRows as number | undefined,
        }),
      ),
    );
  program
    .command('hash')
    .description(
      `write prisma/migrations/migrations.sum for the folders as they are (after prisma migrate dev made one)`,
    )
    .action(action(async (context) => (await import('../commands/hash.js')).hash(context)));
  program
    .command('reset')
    .description(
      'development only: drop everything and deploy the whole history (refused in production)',
    )
    .option('--force', 'confirm that every table and row may be deleted')
    .action(
      action(async (context, options) =>
        (await import('../commands/reset.js')).reset(context, { force: options.force === true }),
      ),
    );

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    throw error;
  }
  return exitCode;
}
