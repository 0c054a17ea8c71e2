import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { describeDatabaseFault } from '@publishing/db';
import type { ApiConfig } from '../config/app-config';
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

interface Readiness {
  ready: boolean;
  problems: string[];
  migrations?: MigrationState;
}

@Injectable()
export class HealthService {
  private readonly logger = new Logger('Readiness');
  /** What the last probe found, so that a change is logged once, not every probe. */
  private lastReadiness: string | undefined;

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
    let readiness: Readiness;
    try {
      const migrations = await this.migrations.current();
      readiness = { ready: migrations.ready, problems: migrations.problems, migrations };
    } catch (error) {
      const fault = describeDatabaseFault(error, this.config.get('DATABASE_URL', { infer: true }));
      readiness = { ready: false, problems: [fault.problem] };
    }
    this.logChange(readiness);
    return readiness;
  }

  private logChange({ ready, problems }: Readiness): void {
    const state = ready ? 'ready' : `not ready: ${problems.join('; ')}`;
    if (state === this.lastReadiness) return;
    if (ready) this.logger.log(this.lastReadiness === undefined ? 'ready' : 'ready again');
    else this.logger.warn(state);
    this.lastReadiness = state;
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
