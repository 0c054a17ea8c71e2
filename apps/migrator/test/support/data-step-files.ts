import { cp, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** The worked example of docs/migrator.md: two data steps on this project's own tables. */
export const DATA_STEP_FIXTURES = resolve(__dirname, '../fixtures/data-steps');
export const CONTENT_COUNT = '20990101000000_add_publication_content_count';
export const CHANNEL_SLUG = '20990101000100_add_channel_slug';

export async function copyDataStepFixtures(migrationsDir: string): Promise<void> {
  await cp(DATA_STEP_FIXTURES, migrationsDir, { recursive: true });
}

/** Writes `data.ts` into a migration folder: `body` is the object given to defineDataMigration. */
export async function writeDataStep(dir: string, body: string): Promise<void> {
  await writeFile(
    join(dir, 'data.ts'),
    `import { defineDataMigration } from '@publishing/db/data-migration';\n\nexport default defineDataMigration(${body});\n`,
  );
}
