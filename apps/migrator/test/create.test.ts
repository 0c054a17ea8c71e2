import { appendFile, copyFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@publishing/db/testing';
import { createMigrationsFolder, type MigrationsFolder } from './support/migrations-folder';
import { REPOSITORY_ROOT, runMigrator } from './support/run-migrator';

describe('migrate create', () => {
  let folder: MigrationsFolder;
  let database: TestDatabase;
  afterAll(async () => {
    await folder?.remove();
    await database?.drop();
  });

  it('writes migration.sql and a reverse down.sql from schema.prisma that pass check', async () => {
    folder = await createMigrationsFolder({ copyHistory: true });
    database = await createTestDatabase({ contents: 'empty' });
    const schema = join(folder.dir, '..', 'schema.prisma');
    await copyFile(join(REPOSITORY_ROOT, 'prisma/schema.prisma'), schema);
    await appendFile(
      schema,
      '\nmodel Widget {\n  id   Int    @id\n  name String\n\n  @@map("widgets")\n}\n',
    );
    const before = await readdir(folder.dir);

    const created = await runMigrator(
      ['create', '--name', 'Add widgets', '--json', '--migrations', folder.dir, '--schema', schema],
      {
        DATABASE_URL: database.url,
      },
    );

    expect(created.code, created.stdout).toBe(0);
    const [name] = (await readdir(folder.dir)).filter((entry) => !before.includes(entry));
    expect(name).toMatch(/^\d{14}_add_widgets$/);
    expect(created.json).toMatchObject({ created: name });
    expect(await readFile(join(folder.dir, name as string, 'migration.sql'), 'utf8')).toMatch(
      /CREATE TABLE ("public"\.)?"widgets"/,
    );
    expect(await readFile(join(folder.dir, name as string, 'down.sql'), 'utf8')).toMatch(
      /DROP TABLE ("public"\.)?"widgets"/,
    );

    const check = await runMigrator([
      'check',
      '--json',
      '--migrations',
      folder.dir,
      '--schema',
      schema,
    ]);
    expect(check.json).toMatchObject({ passed: true });

    const nothing = await runMigrator(
      ['create', '--name', 'again', '--migrations', folder.dir, '--schema', schema],
      {
        DATABASE_URL: database.url,
      },
    );
    expect(nothing.stdout).toContain('no migration to create');
  });
});
