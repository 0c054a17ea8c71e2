import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadMigratorConfig } from './migrator-config';

const REPOSITORY_ROOT = resolve(__dirname, '../../../..');

describe('loadMigratorConfig paths', () => {
  const original = process.cwd();
  beforeEach(() => process.chdir(tmpdir()));
  afterEach(() => process.chdir(original));

  it("defaults to the repository's prisma/ files, whatever the working directory", () => {
    const config = loadMigratorConfig({}, {});

    expect(config.migrationsDir).toBe(join(REPOSITORY_ROOT, 'prisma/migrations'));
    expect(config.schemaPath).toBe(join(REPOSITORY_ROOT, 'prisma/schema.prisma'));
  });

  it("resolves relative variables from the repository's root, absolute ones as given", () => {
    const config = loadMigratorConfig(
      {},
      { MIGRATIONS_DIR: 'db/history', PRISMA_SCHEMA: '/srv/schema.prisma' },
    );

    expect(config.migrationsDir).toBe(join(REPOSITORY_ROOT, 'db/history'));
    expect(config.schemaPath).toBe('/srv/schema.prisma');
  });

  it('resolves relative flags from the working directory, over the variables', () => {
    const config = loadMigratorConfig(
      { migrations: 'here/migrations', schema: 'here/schema.prisma' },
      { MIGRATIONS_DIR: 'db/history', PRISMA_SCHEMA: 'db/schema.prisma' },
    );

    expect(config.migrationsDir).toBe(join(process.cwd(), 'here/migrations'));
    expect(config.schemaPath).toBe(join(process.cwd(), 'here/schema.prisma'));
  });
});
