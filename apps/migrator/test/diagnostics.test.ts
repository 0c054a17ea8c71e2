import {
  createTestDatabase,
  createTestLoginRole,
  type TestDatabase,
  type TestLoginRole,
} from '@publishing/db/testing';
import { randomUUID } from 'node:crypto';
import { query } from './support/database';
import { runMigrator, type MigratorRun } from './support/run-migrator';

const SSL_KEY_PASSWORD = `sslkey-${randomUUID()}`;

/** stderr's diagnostics: the lines the shared logger wrote (JSON in production). */
function diagnosticsOf(run: MigratorRun): Record<string, unknown>[] {
  return run.stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the migrator’s diagnostics', () => {
  let role: TestLoginRole;
  const databases: TestDatabase[] = [];
  beforeAll(async () => {
    role = await createTestLoginRole();
  });
  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
    await role.drop();
  });
  const database = async (contents: 'migrated' | 'empty') => {
    const created = await createTestDatabase({ contents });
    databases.push(created);
    return created;
  };

  it('shows the database with its password hidden wherever DATABASE_URL carried it, even with DEBUG=migrator', async () => {
    const migrated = await database('migrated');

    const run = await runMigrator(['status'], {
      DATABASE_URL: role.urlWithSecrets(migrated.url, SSL_KEY_PASSWORD),
      DEBUG: 'migrator',
      MIGRATE_ENV: 'production',
    });

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `Database: postgresql://${role.name}:\\*\\*\\*@.*\\?password=\\*\\*\\*&sslpassword=\\*\\*\\*`,
      ),
    );
    for (const line of diagnosticsOf(run)) expect(line.name).toBe('publishing-migrator');
    expect(run.stdout + run.stderr).not.toContain(role.password);
    expect(run.stdout + run.stderr).not.toContain(SSL_KEY_PASSWORD);
  });

  it('logs the stack of an unexpected error through the logger with DEBUG=migrator only', async () => {
    const broken = await database('empty');
    await query(broken.url, 'CREATE TABLE _prisma_migrations (id integer)');
    const env = {
      DATABASE_URL: role.urlWithSecrets(broken.url, SSL_KEY_PASSWORD),
      MIGRATE_ENV: 'production',
    };

    const quiet = await runMigrator(['status', '--no-drift'], env);
    const debug = await runMigrator(['status', '--no-drift'], { ...env, DEBUG: 'migrator' });

    for (const run of [quiet, debug]) {
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(
        /^Error: Unexpected error: .*does not exist\n {2}→ Run again with DEBUG=migrator/,
      );
      expect(run.stdout + run.stderr).not.toContain(role.password);
      expect(run.stdout + run.stderr).not.toContain(SSL_KEY_PASSWORD);
    }
    expect(diagnosticsOf(quiet)).toEqual([]);
    expect(diagnosticsOf(debug)).toEqual([
      expect.objectContaining({
        level: 'debug',
        name: 'publishing-migrator',
        msg: 'stack trace of the error above',
        err: expect.objectContaining({
          stack: expect.stringMatching(/\n\s+at /) as unknown,
        }) as unknown,
      }),
    ]);
  });

  it('tells an unreachable server without any of the passwords', async () => {
    const password = `pw-${randomUUID()}`;

    const run = await runMigrator(['status', '--wait', '0s'], {
      DATABASE_URL: `postgresql://app:${password}@127.0.0.1:1/db?password=${password}&sslpassword=${SSL_KEY_PASSWORD}`,
      DEBUG: 'migrator',
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('connection refused');
    expect(run.stdout + run.stderr).not.toContain(password);
    expect(run.stdout + run.stderr).not.toContain(SSL_KEY_PASSWORD);
  });
});
