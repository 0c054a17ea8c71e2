import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  compareHistory,
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
    const state = compareHistory(this.history, await readLedger(this.ledgerReader()));
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
    ];
    const warnings = [
      ...(ahead.length > 0
        ? [
            `the database is ahead of this build (${ahead.join(', ')}): a newer release migrated it; ` +
              'serving, as expand/contract migrations keep the previous release working',
          ]
        : []),
      ...failedElsewhere.map(
        (name) =>
          `migration ${name} of a newer release failed (not in this build): serving; ` +
          'resolve it with `pnpm migrate resolve` before that release deploys again',
      ),
    ];
    return {
      atHead: state.atHead,
      ready: problems.length === 0,
      applied: state.applied.length,
      pending: state.pending.map((migration) => migration.name),
      failed: state.failed.map((migration) => migration.name),
      edited: state.edited,
      unknown: state.unknown,
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
