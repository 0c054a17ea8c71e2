import { readMigrationsList } from './migrations-list';
import { NO_SCHEMA_FILTER, openSchemaEngine, type EngineLogLine } from './schema-engine';

export interface DriftReport {
  drifted: boolean;
  /** The engine's summary of what differs (empty when in sync). */
  summary: string;
}

const DRIFT_PREFIX = 'Drift detected:';

/**
 * Compares a live database's schema with the schema its migration history produces (replayed into
 * a throwaway shadow database on the same server). Meaningful when the database is at head.
 */
export async function detectDrift(
  url: string,
  migrationsDir: string,
  onLog?: (line: EngineLogLine) => void,
): Promise<DriftReport> {
  const migrationsList = await readMigrationsList(migrationsDir);
  const { engine, close } = await openSchemaEngine({ url, onLog });
  try {
    const { action } = await engine.devDiagnostic({ migrationsList, filters: NO_SCHEMA_FILTER });
    if (action.tag === 'reset' && action.reason.startsWith(DRIFT_PREFIX)) {
      return { drifted: true, summary: action.reason.split('\n').slice(1).join('\n').trim() };
    }
    return { drifted: false, summary: '' };
  } finally {
    await close();
  }
}
