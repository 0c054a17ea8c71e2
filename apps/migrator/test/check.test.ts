import { createMigrationsFolder, type MigrationsFolder } from './support/migrations-folder';
import { runMigrator } from './support/run-migrator';

const folders: MigrationsFolder[] = [];
afterAll(() => Promise.all(folders.map((folder) => folder.remove())));

describe('migrate check', () => {
  it('passes on this repository: no drift, down.sql everywhere, clean round trips, lint waived with reasons', async () => {
    const run = await runMigrator(['check', '--json']);

    expect(run.json).toMatchObject({ passed: true });
    expect(run.code).toBe(0);
  });

  it('fails on a down.sql that does not restore the schema, and on unwaived dangerous operations', async () => {
    const folder = await createMigrationsFolder({ copyHistory: true });
    folders.push(folder);
    await folder.add(
      '20990101000000_add_slug',
      'ALTER TABLE publishing_channels ADD COLUMN slug text NOT NULL;\nCREATE INDEX publishing_channels_slug_idx ON publishing_channels (slug);\n',
      'DROP INDEX publishing_channels_slug_idx;\n',
    );

    const run = await runMigrator(['check', '--json', '--migrations', folder.dir]);

    expect(run.code).toBe(3);
    const problems = run.json.problems as { check: string; migration?: string; message: string }[];
    const ofNew = problems.filter((problem) => problem.migration === '20990101000000_add_slug');
    expect(ofNew.map((problem) => problem.check)).toEqual(
      expect.arrayContaining(['round-trip', 'lint']),
    );
    expect(ofNew.some((problem) => problem.message.includes('adding-not-null-column'))).toBe(true);
    expect(ofNew.some((problem) => problem.message.includes('blocking-index-build'))).toBe(true);
    expect(problems.some((problem) => problem.check === 'drift')).toBe(true);
  });
});
