import { Injectable } from '@nestjs/common';
import { APP_VERSION } from '../config/app-version';
import { MigrationStateService, type MigrationState } from './migration-state.service';

export interface HealthReport {
  status: 'healthy' | 'degraded' | 'unhealthy';
  timestamp: string;
  version: string;
  uptime_seconds: number;
  database_status: 'connected' | 'disconnected';
  external_services: Record<string, string>;
  issues?: string[];
}

@Injectable()
export class HealthService {
  constructor(private readonly migrations: MigrationStateService) {}

  /** The legacy shape: quick, local checks only (no calls to external services). */
  async report(): Promise<HealthReport> {
    const migrations = await this.migrationState();
    const issues =
      migrations === undefined
        ? ['database unreachable']
        : [...migrations.problems, ...migrations.warnings];
    return {
      status: migrations === undefined ? 'unhealthy' : migrations.ready ? 'healthy' : 'degraded',
      timestamp: new Date().toISOString(),
      version: APP_VERSION,
      uptime_seconds: Math.round(process.uptime()),
      database_status: migrations === undefined ? 'disconnected' : 'connected',
      external_services: {},
      ...(issues.length > 0 ? { issues } : {}),
    };
  }

  async readiness(): Promise<{ ready: boolean; problems: string[]; migrations?: MigrationState }> {
    const migrations = await this.migrationState();
    if (migrations === undefined)
      return { ready: false, problems: ['the database does not answer'] };
    return { ready: migrations.ready, problems: migrations.problems, migrations };
  }

  /** Reading the ledger is the database check too: undefined when the database does not answer. */
  private async migrationState(): Promise<MigrationState | undefined> {
    try {
      return await this.migrations.current();
    } catch {
      return undefined;
    }
  }
}
