import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadEnvironment } from '@publishing/config';
import { Command, CommanderError } from 'commander';
import { ApiKeysService } from '../auth/api-keys.service';
import { apiVariables } from '../config/app-config';
import { ApiKeysCliModule } from './api-keys-cli.module';
import { formatTimestamp } from '../common/format-timestamp';
import { isStorableInstant, LATEST_STORABLE_INSTANT } from '../common/storable-instant';

const commandVariables = apiVariables.pick({ DATABASE_URL: true });

/**
 * `pnpm api-key create --name NAME | list | revoke PREFIX`: manages the API's keys directly in the
 * database (DATABASE_URL). A created key is printed once; only its hash is stored.
 */
async function run(argv: string[]): Promise<number> {
  let exitCode = 0;
  const withService = async (work: (keys: ApiKeysService) => Promise<void>) => {
    const { DATABASE_URL } = loadEnvironment(
      commandVariables,
      process.env,
      'Invalid api-key configuration',
    );
    const context = await NestFactory.createApplicationContext(
      ApiKeysCliModule.forRoot(DATABASE_URL),
      { logger: false },
    );
    try {
      await work(context.get(ApiKeysService));
    } finally {
      await context.close();
    }
  };
  const program = new Command('api-key')
    .description('Create, list and revoke API keys.')
    .exitOverride();
  program
    .command('create')
    .requiredOption('--name <name>', 'who or what uses the key')
    .option('--expires-in-days <days>', 'expire the key after this many days')
    .option('--json', 'print JSON')
    .action((options: { name: string; expiresInDays?: string; json?: boolean }) =>
      withService(async (keys) => {
        const days =
          options.expiresInDays === undefined ? undefined : Number(options.expiresInDays);
        if (days !== undefined && (!Number.isInteger(days) || days < 1))
          throw new Error('--expires-in-days must be a positive whole number.');
        const expiresAt = days === undefined ? undefined : new Date(Date.now() + days * 86_400_000);
        if (expiresAt && !isStorableInstant(expiresAt))
          throw new Error(
            `--expires-in-days must end by ${LATEST_STORABLE_INSTANT.toISOString()}; leave it out for a key that does not expire.`,
          );
        const created = await keys.create(options.name, expiresAt);
        process.stdout.write(
          options.json
            ? `${JSON.stringify(created)}\n`
            : `Created API key "${created.name}" (prefix ${created.prefix}). It is shown only now:\n\n  ${created.key}\n\nSend it as "Authorization: Bearer <key>" or "X-API-Key: <key>".\n`,
        );
      }),
    );
  program
    .command('list')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      withService(async (keys) => {
        const rows = await keys.list();
        if (options.json) {
          process.stdout.write(`${JSON.stringify(rows)}\n`);
          return;
        }
        for (const row of rows) {
          const state = row.revokedAt
            ? 'revoked'
            : row.expiresAt && row.expiresAt <= new Date()
              ? 'expired'
              : 'active';
          process.stdout.write(
            `${row.keyPrefix}  ${state.padEnd(7)}  ${row.name}  last used ${formatTimestamp(row.lastUsedAt) ?? 'never'}\n`,
          );
        }
      }),
    );
  program.command('revoke <prefix>').action((prefix: string) =>
    withService(async (keys) => {
      if (await keys.revoke(prefix)) {
        process.stdout.write(`Revoked ${prefix}.\n`);
      } else {
        process.stderr.write(`No active key with prefix ${prefix}.\n`);
        exitCode = 1;
      }
    }),
  );
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`Error: ${(error as Error).message}\n`);
    return 1;
  }
  return exitCode;
}

void run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
