import { readdirSync } from 'node:fs';
import { applyMigrations, diffHistoryAgainstSchema } from '../src/engine';
import { prismaPaths } from '../src/paths';
import { createTestDatabase, snapshotSchema, type TestDatabase } from '../src/testing';
import { query, runHistoryFile, withClient } from './support/sql';

const MIGRATIONS = readdirSync(prismaPaths.migrations, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('the migration history', () => {
  const databases: TestDatabase[] = [];
  const emptyDatabase = async () => {
    const database = await createTestDatabase({ contents: 'empty' });
    databases.push(database);
    return database;
  };
  afterAll(() => Promise.all(databases.map((database) => database.drop())));

  it('starts with the legacy baseline and has a down.sql for every migration', () => {
    expect(MIGRATIONS[0]).toMatch(/^\d{14}_legacy_baseline$/);
    for (const name of MIGRATIONS) {
      const files = readdirSync(`${prismaPaths.migrations}/${name}`).filter(
        (file) => file !== 'lint-waivers.json',
      );
      expect(files.sort(), name).toEqual(['down.sql', 'migration.sql']);
    }
  });

  it('applies on an empty database, recording every migration, and re-applying is a no-op', async () => {
    const database = await emptyDatabase();

    expect(
      await applyMigrations({ url: database.url, migrationsDir: prismaPaths.migrations }),
    ).toEqual(MIGRATIONS);
    expect(
      await applyMigrations({ url: database.url, migrationsDir: prismaPaths.migrations }),
    ).toEqual([]);

    const ledger = await query<{ migration_name: string }>(
      database.url,
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
    );
    expect(ledger.map((row) => row.migration_name)).toEqual(MIGRATIONS);
  });

  it('ends exactly at schema.prisma (the drift gate)', async () => {
    const database = await emptyDatabase();

    const diff = await diffHistoryAgainstSchema({
      serverUrl: database.url,
      migrationsDir: prismaPaths.migrations,
      schemaPath: prismaPaths.schema,
    });

    expect(diff.script).toBe('-- This is an empty migration.');
    expect(diff.drifted).toBe(false);
  });

  it.each(MIGRATIONS.map((name, index) => [name, index] as const))(
    'up → down → up of %s leaves an identical schema',
    async (name, index) => {
      const database = await emptyDatabase();
      await withClient(database.url, async (client) => {
        for (const earlier of MIGRATIONS.slice(0, index))
          await runHistoryFile(client, earlier, 'migration.sql');
        const before = await snapshotSchema(client);

        await runHistoryFile(client, name, 'migration.sql');
        const after = await snapshotSchema(client);
        await runHistoryFile(client, name, 'down.sql');
        const reverted = await snapshotSchema(client);
        await runHistoryFile(client, name, 'migration.sql');
        const reapplied = await snapshotSchema(client);

        expect(after).not.toEqual(before);
        expect(reverted).toEqual(before);
        expect(reapplied).toEqual(after);
      });
    },
  );
});
