import { existsSync } from 'node:fs';
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
  ])('pnpm %j', async (args, usage) => {
    const result = await run('pnpm', args, { cwd: REPOSITORY_ROOT, env: sandbox.env });

    expect(`${result.stdout}${result.stderr}`, result.stderr).toMatch(usage);
    expect(result.stderr).not.toMatch(/embedded PostgreSQL/);
    expect(existsSync(sandbox.dataDir), 'a database was started: its directory exists').toBe(false);
  });
});
