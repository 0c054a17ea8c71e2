import { apiRequest } from './client';
import { ApiProblem } from './problem';
import type { MigrationState } from './types';

export type Readiness =
  { ready: true; migrations: MigrationState } | { ready: false; problems: string[] };

/**
 * `/health/ready`: 200 with the migration state, or a 503 problem whose detail lists what keeps
 * the API from being ready (`Not ready: a; b.`).
 */
export async function getReadiness(signal?: AbortSignal): Promise<Readiness> {
  try {
    const body = await apiRequest<{ status: string; migrations: MigrationState }>('/health/ready', {
      signal,
    });
    return { ready: true, migrations: body.migrations };
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 503) {
      return { ready: false, problems: notReadyProblems(error.detail) };
    }
    throw error;
  }
}

export function notReadyProblems(detail: string): string[] {
  return detail
    .replace(/^Not ready:\s*/, '')
    .replace(/\.$/, '')
    .split('; ')
    .filter((problem) => problem.length > 0);
}
