import { readFile } from 'node:fs/promises';
import { readMigrationsList } from './migrations-list';
import { NO_SCHEMA_FILTER, openSchemaEngine, type EngineLogLine } from './schema-engine';

export interface DiffHistoryOptions {
  /** Server on which the history is replayed into a throwaway shadow database. */
  serverUrl: string;
  migrationsDir: string;
  schemaPath: string;
  onLog?: (line: EngineLogLine) => void;
}

export interface HistoryDiff {
  /** True when replaying the history does not produce exactly the schema file. */
  drifted: boolean;
  /** SQL that would take the history's end state to the schema file (empty when in sync). */
  script: string;
}

/** The drift gate: does the migration history end exactly at `schema.prisma`? */
export async function diffHistoryAgainstSchema(options: DiffHistoryOptions): Promise<HistoryDiff> {
  const [migrationsList, schema] = await Promise.all([
    readMigrationsList(options.migrationsDir),
    readFile(options.schemaPath, 'utf8'),
  ]);
  const { engine, close } = await openSchemaEngine({
    url: options.serverUrl,
    onLog: options.onLog,
  });
  try {
    const result = await engine.diff({
      from: { tag: 'migrations', ...migrationsList },
      to: { tag: 'schemaDatamodel', files: [{ path: options.schemaPath, content: schema }] },
      script: true,
      exitCode: true,
      filters: NO_SCHEMA_FILTER,
    });
    return { drifted: result.exitCode === 2, script: (result.stdout ?? '').trim() };
  } finally {
    await close();
  }
}
