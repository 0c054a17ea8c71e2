import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './support/processes';
import {
  localCommandSandbox,
  REPOSITORY_ROOT,
  type LocalCommandSandbox,
} from './support/local-commands';

describe('help and version start no database', () => {
  let sandbox: LocalCommandSandbox;
  beforeEach(() => {
    sandbox = localCommandSandbox();
  });
  afterEach(() => sandbox.remove());

  it.each([
    [['migrate', '--help'], /Usage: migrate/],
    [['migrate', '-h'], /Usage: migrate/],
    [['migrate', 'help'], /Usage: migrate/],
    [['migrate'], /Usage: migrate/],
    [['migrate', 'deploy', '--help'], /Usage: migrate deploy/],
    [['migrate', '--version'], /--version/],
    [['prisma', '--help'], /Usage/],
    [['prisma', '--version'], /prisma\s+: \d/],
    [['api-key', '--help'], /Usage: api-key/],
    [['dev', '--help'], /Usage: pnpm dev[\s\S]*Console: http:\/\/localhost:\d+\/console\//],
  ])('pnpm %j', async (args, usage) => {
    const result = await run('pnpm', args, { cwd: REPOSITORY_ROOT, env: sandbox.env });

    expect(`${result.stdout}${result.stderr}`, result.stderr).toMatch(usage);
    expect(result.stderr).not.toMatch(/embedded PostgreSQL/);
    expect(existsSync(sandbox.dataDir), 'a database was started: its directory exists').toBe(false);
  });

  it('pnpm migrate hash writes migrations.sum without a database', async () => {
    const migrations = mkdtempSync(join(tmpdir(), 'publishing-hash-'));
    try {
      const result = await run('pnpm', ['migrate', 'hash', '--migrations', migrations], {
        cwd: REPOSITORY_ROOT,
        env: sandbox.env,
      });

      expect(result.stdout, result.stderr).toContain('for 0 migrations');
      expect(readFileSync(join(migrations, 'migrations.sum'), 'utf8')).toMatch(/^h1:/m);
      expect(existsSync(sandbox.dataDir), 'a database was started: its directory exists').toBe(
        false,
      );
    } finally {
      rmSync(migrations, { recursive: true, force: true });
    }
  });
});
