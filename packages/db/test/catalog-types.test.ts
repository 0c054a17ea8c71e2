import { applyMigrations, detectDrift, diffHistoryAgainstSchema } from '../src/engine';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { bridgeBinary, runPrismaCli } from './support/prisma-cli';
import { createTemporaryProject, type TemporaryProject } from './support/temporary-migrations';

// The engine's catalog readers get columns of PostgreSQL's `"char"` type (pg_constraint.contype,
// pg_class.relkind…), which @prisma/adapter-pg cannot map; a CHECK constraint is enough to need them.
const WITH_CHECK = `
CREATE TABLE "alert" (
  "id" SERIAL PRIMARY KEY,
  "targets" INTEGER[] NOT NULL,
  CONSTRAINT "alert_targets_check" CHECK (cardinality("targets") BETWEEN 1 AND 5)
);
CREATE INDEX "alert_targets_idx" ON "alert" USING GIN ("targets");
`;

const MODEL = `model Alert {
  id      Int   @id @default(autoincrement())
  targets Int[]

  @@index([targets], map: "alert_targets_idx", type: Gin)
  @@map("alert")
}
`;

describe('databases with CHECK constraints and other catalog types', () => {
  let project: TemporaryProject;
  let database: TestDatabase;
  beforeAll(async () => {
    project = await createTemporaryProject(
      { '20240101000000_create_alert': WITH_CHECK },
      MODEL,
      bridgeBinary,
    );
    database = await createTestDatabase({ contents: 'empty' });
    await applyMigrations({ url: database.url, migrationsDir: project.migrationsDir });
  });
  afterAll(async () => {
    await project.remove();
    await database.drop();
  });

  it('diffs the history against the schema', async () => {
    const diff = await diffHistoryAgainstSchema({
      serverUrl: database.url,
      migrationsDir: project.migrationsDir,
      schemaPath: project.schemaPath,
    });

    expect(diff.drifted).toBe(false);
  });

  it('checks a live database holding a CHECK constraint for drift', async () => {
    expect(await detectDrift(database.url, project.migrationsDir)).toEqual({
      drifted: false,
      summary: '',
    });
  });

  it('lets the stock CLI report status on it', async () => {
    const status = await runPrismaCli(
      ['migrate', 'status'],
      { DATABASE_URL: database.url },
      project.configPath,
    );

    expect(status.stdout).toContain('Database schema is up to date!');
  });
});
