import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { describeDatabaseFault } from '@publishing/db';
import type { ApiConfig } from '../config/app-config';
import { APP_VERSION } from '../config/app-version';
import { MigrationStateService, type MigrationState } from './migration-state.service';
import { ReadinessLog } from './readiness-log';

export interface HealthReport {
  status: 'healthy' | 'degraded' | 'unhealthy';
  timestamp: string;
  version: string;
  uptime_seconds: number;
  database_status: 'connected' | 'disconnected';
  external_services: Record<string, string>;
  issues?: string[];
}

interface Readiness {
  ready: boolean;
  problems: string[];
  migrations?: MigrationState;
}

@Injectable()
export class HealthService {
  private readonly readinessLog = new ReadinessLog();

  constructor(
    private readonly migrations: MigrationStateService,
    private readonly config: ConfigService<ApiConfig, true>,
  ) {}

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

  async readiness(): Promise<Readiness> {
    try {
      const migrations = await this.migrations.current();
      this.readinessLog.record(migrations.ready, migrations.problems.join('; '));
      return { ready: migrations.ready, problems: migrations.problems, migrations };
    } catch (error) {
      // The probe's answer is public: where the database lives is for the logs only.
      const url = this.config.get('DATABASE_URL', { infer: true });
      this.readinessLog.record(false, describeDatabaseFault(error, url).problem);
      return { ready: false, problems: ['the database does not answer'] };
    }
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
