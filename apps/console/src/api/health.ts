import { apiRequest } from './client';
import { ApiProblem, isRecord } from './problem';
import type { MigrationState } from './types';

/**
 * What `/health/ready` says: 200 with the migration state, or a 503 problem that carries the same
 * state (`migrations`), absent only when the database does not answer; then `detail` is all there is.
 */
export type Readiness =
  | { ready: true; migrations: MigrationState }
  | { ready: false; detail: string; migrations: MigrationState | null };

export async function getReadiness(signal?: AbortSignal): Promise<Readiness> {
  try {
    const body = await apiRequest<{ status: string; migrations: MigrationState }>('/health/ready', {
      signal,
    });
    return { ready: true, migrations: body.migrations };
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 503) {
      const { migrations } = error.body;
      return {
        ready: false,
        detail: error.detail,
        migrations: isMigrationState(migrations) ? migrations : null,
      };
    }
    throw error;
  }
}

const LISTS = [
  'pending',
  'failed',
  'edited',
  'unknown',
  'dataSteps',
  'problems',
  'warnings',
] as const satisfies readonly (keyof MigrationState)[];

function isMigrationState(value: unknown): value is MigrationState {
  return (
    isRecord(value) &&
    typeof value.ready === 'boolean' &&
    typeof value.atHead === 'boolean' &&
    typeof value.applied === 'number' &&
    LISTS.every((list) => Array.isArray(value[list]))
  );
}
