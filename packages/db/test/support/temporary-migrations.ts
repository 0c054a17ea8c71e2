import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TemporaryProject {
  dir: string;
  migrationsDir: string;
  schemaPath: string;
  configPath: string;
  remove(): Promise<void>;
}

/** A throwaway Prisma project (schema, config on the bridge, migrations) for CLI and engine tests. */
export async function createTemporaryProject(
  migrations: Record<string, string>,
  schema: string,
  bridgeBinary: string,
): Promise<TemporaryProject> {
  const dir = await mkdtemp(join(tmpdir(), 'publishing-prisma-'));
  const migrationsDir = join(dir, 'migrations');
  await mkdir(migrationsDir);
  await writeFile(join(migrationsDir, 'migration_lock.toml'), 'provider = "postgresql"\n');
  for (const [name, sql] of Object.entries(migrations)) {
    await mkdir(join(migrationsDir, name));
    await writeFile(join(migrationsDir, name, 'migration.sql'), sql);
  }
  const schemaPath = join(dir, 'schema.prisma');
  await writeFile(schemaPath, `datasource db {\n  provider = "postgresql"\n}\n\n${schema}`);
  const configPath = join(dir, 'prisma.config.ts');
  await writeFile(
    configPath,
    `process.env.PRISMA_SCHEMA_ENGINE_BINARY = ${JSON.stringify(bridgeBinary)};
export default {
  schema: ${JSON.stringify(schemaPath)},
  migrations: { path: ${JSON.stringify(migrationsDir)} },
  datasource: { url: process.env.DATABASE_URL, shadowDatabaseUrl: process.env.DATABASE_URL },
};
`,
  );
  return {
    dir,
    migrationsDir,
    schemaPath,
    configPath,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
