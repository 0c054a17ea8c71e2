import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  compareDataSteps,
  compareHistory,
  readDataStepLedger,
  readLedger,
  readLocalHistory,
  type LocalMigration,
  type Queryable,
} from '@publishing/db/history';
import { PrismaService } from '@publishing/db/nest';
import type { ApiConfig } from '../config/app-config';

export interface MigrationState {
  /** Exactly the shipped history: nothing pending, failed, edited or unknown. */
  atHead: boolean;
  /**
   * Safe to serve: nothing pending, failed or edited. Migrations this build does not know (a newer
   * release already migrated, e.g. during its rollout or after an app-only rollback) only warn.
   */
  ready: boolean;
  applied: number;
  pending: string[];
  failed: string[];
  edited: string[];
  unknown: string[];
  /**
   * Data steps (`data.ts`) of applied migrations that are not done: a blocking one keeps the API
   * not ready, a non-blocking one only warns.
   */
  dataSteps: { name: string; mode: string | null; blocking: boolean; state: string }[];
  /** What keeps it from being ready, and what to do. */
  problems: string[];
  warnings: string[];
}

/**
 * How the database's `_prisma_migrations` compares with the history this build ships. The API never
 * migrates: it only reads the ledger and tells operators to run `pnpm migrate deploy`.
 */
@Injectable()
export class MigrationStateService implements OnModuleInit {
  private history: LocalMigration[] = [];

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: ConfigService<ApiConfig, true>,
  ) {}

  async onModuleInit(): Promise<void> {
    this.history = await readLocalHistory(this.config.get('MIGRATIONS_DIR', { infer: true }));
  }

  async current(): Promise<MigrationState> {
    const reader = this.ledgerReader();
    const state = compareHistory(this.history, await readLedger(reader));
    const dataSteps = this.history.some((migration) => migration.dataStep !== null)
      ? compareDataSteps(this.history, state, await readDataStepLedger(reader))
      : { owed: [], edited: [] };
    const describe = (step: (typeof dataSteps.owed)[number]) =>
      `data step ${step.name} (${step.mode ?? 'mode unknown'}) is ${step.state}: run \`pnpm migrate deploy\``;
    // A failed migration this build does not ship is a newer release's, whose rollout stopped at
    // its migrator: this build does not need it, and must keep serving meanwhile.
    const shipped = new Set(this.history.map((migration) => migration.name));
    const failedHere = state.failed.filter((migration) => shipped.has(migration.name));
    const failedElsewhere = state.failed
      .filter((migration) => !shipped.has(migration.name))
      .map((migration) => migration.name);
    const ahead = state.unknown.filter((name) => !failedElsewhere.includes(name));
    const problems = [
      ...(state.pending.length > 0
        ? [
            `${state.pending.length} migration(s) pending (${state.pending.map((m) => m.name).join(', ')}): run \`pnpm migrate deploy\``,
          ]
        : []),
      ...failedHere.map(
        (m) => `migration ${m.name} failed: resolve it with \`pnpm migrate resolve\`, then deploy`,
      ),
      ...state.edited.map((name) => `migration ${name} was edited after being applied`),
      ...dataSteps.owed.filter((step) => step.blocking).map(describe),
      ...dataSteps.edited.map((name) => `the data step of ${name} was edited after it ran`),
    ];
    const warnings = [
      ...(ahead.length > 0
        ? [
            `the database is ahead of this build (${ahead.join(', ')}): a newer release migrated it; ` +
              'serving, as expand/contract migrations keep the previous release working',
          ]
        : []),
      ...dataSteps.owed
        .filter((step) => !step.blocking)
        .map((step) => `${describe(step)} (not blocking: serving meanwhile)`),
      ...failedElsewhere.map(
        (name) =>
          `migration ${name} of a newer release failed (not in this build): serving; ` +
          'resolve it with `pnpm migrate resolve` before that release deploys again',
      ),
    ];
    return {
      atHead: state.atHead && dataSteps.owed.length === 0 && dataSteps.edited.length === 0,
      ready: problems.length === 0,
      applied: state.applied.length,
      pending: state.pending.map((migration) => migration.name),
      failed: state.failed.map((migration) => migration.name),
      edited: state.edited,
      unknown: state.unknown,
      dataSteps: dataSteps.owed.map(({ name, mode, blocking, state: stepState }) => ({
        name,
        mode,
        blocking,
        state: stepState,
      })),
      problems,
      warnings,
    };
  }

  private ledgerReader(): Queryable {
    return {
      query: async <T>(text: string, values: unknown[] = []) => ({
        rows: await this.prisma.$queryRawUnsafe<T[]>(text, ...values),
      }),
    };
  }
}
