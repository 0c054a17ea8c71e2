import { testDatabaseServer } from '@publishing/db/testing';
import { runMigrator, spawnMigrator } from './support/run-migrator';

const SECRET = 'hunter2-secret';

function serverUrl(): URL {
  return new URL(testDatabaseServer().serverUrl);
}

describe('bad configuration and unreachable databases', () => {
  it('rejects a malformed DATABASE_URL as a usage error without printing the password', async () => {
    const run = await runMigrator(['status'], {
      DATABASE_URL: `mysql://root:${SECRET}@localhost/db`,
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('DATABASE_URL must be a postgresql:// (or postgres://) URL');
    expect(run.stderr + run.stdout).not.toContain(SECRET);
  });

  it('names every bad variable in one usage error, with what to do next', async () => {
    const run = await runMigrator(['plan'], {
      DATABASE_URL: `postgresql://root:${SECRET}@localhost`,
      MIGRATE_LOCK_TIMEOUT: 'soon',
      MIGRATE_LOCK_RETRIES: '-1',
      MIGRATE_STATEMENT_TIMEOUT: '',
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'Error: Invalid migrator configuration: DATABASE_URL names no database: add one after the ' +
        'host, as in postgresql://HOST:PORT/DATABASE; MIGRATE_LOCK_TIMEOUT must be a duration like ' +
        '500ms, 5s or 2m; MIGRATE_LOCK_RETRIES must be a whole number from 0 to 100.\n' +
        '  → Fix these variables (or pass the matching flag); .env.example documents each one.\n',
    );
  });

  it('refuses a malformed duration flag as a usage error', async () => {
    const run = await runMigrator(['plan', '--lock-timeout', 'soon']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('must be a duration like 500ms, 5s or 2m');
  });

  it('asks for DATABASE_URL when it is missing', async () => {
    const run = await runMigrator(['deploy']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('DATABASE_URL is not set.');
  });

  it('refuses a transaction-mode pooler URL', async () => {
    const run = await runMigrator(['deploy'], {
      DATABASE_URL: `postgresql://app:${SECRET}@db:6432/app?pgbouncer=true`,
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('looks like a connection pooler');
    expect(run.stderr).not.toContain(SECRET);
  });

  it('reports a wrong password, an unknown host, a refused port and a missing database plainly', async () => {
    const server = serverUrl();
    const wrongPassword = new URL(server);
    wrongPassword.username = 'nobody_here';
    wrongPassword.password = SECRET;
    const missingDatabase = new URL(server);
    missingDatabase.pathname = '/no_such_database';

    const runs = await Promise.all([
      runMigrator(['status', '--wait', '0s'], { DATABASE_URL: wrongPassword.toString() }),
      runMigrator(['status', '--wait', '0s'], {
        DATABASE_URL: `postgresql://u:${SECRET}@no-such-host.invalid:5432/db`,
      }),
      runMigrator(['status', '--wait', '0s'], {
        DATABASE_URL: `postgresql://u:${SECRET}@127.0.0.1:1/db`,
      }),
      runMigrator(['status', '--wait', '0s'], { DATABASE_URL: missingDatabase.toString() }),
    ]);

    expect(runs.map((run) => run.code)).toEqual([1, 1, 1, 1]);
    expect(runs[0]?.stderr).toMatch(
      /refused the credentials of user "nobody_here"|role "nobody_here" does not exist/,
    );
    expect(runs[1]?.stderr).toContain('Unknown database host "no-such-host.invalid"');
    expect(runs[2]?.stderr).toContain('connection refused');
    expect(runs[3]?.stderr).toContain('Database "no_such_database" does not exist');
    for (const run of runs) {
      expect(run.stderr + run.stdout).not.toContain(SECRET);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('reports a missing migrations folder as a usage error', async () => {
    const run = await runMigrator(['plan', '--migrations', '/nonexistent/migrations'], {
      DATABASE_URL: testDatabaseServer().serverUrl,
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('/nonexistent/migrations does not exist');
  });

  it('documents commands and exit codes in --help, and treats unknown options as usage errors', async () => {
    const help = await runMigrator(['--help']);
    const unknown = await runMigrator(['deploy', '--frobnicate']);

    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    for (const command of [
      'deploy',
      'status',
      'plan',
      'create',
      'rollback',
      'resolve',
      'baseline',
      'check',
      'reset',
    ]) {
      expect(help.stdout).toContain(command);
    }
    expect(unknown.code).toBe(2);
  });

  it('ends quietly when its reader stops early (`--help | head`), without a stack trace', async () => {
    const migrator = spawnMigrator(['--help'], {}, 'pipe');
    // The reader goes away before the help is written: the write meets a closed pipe (EPIPE).
    migrator.stdout?.destroy();
    let stderr = '';
    migrator.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((exited) => migrator.on('exit', exited));

    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});
