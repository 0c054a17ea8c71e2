import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  compareHistory,
  readLedger,
  readLocalHistory,
  type LocalMigration,
  type Queryable,
} from '@publishing/db/history';
import { PrismaService } from '@publishing/db/nest';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export interface MigrationState {
  atHead: boolean;
  applied: number;
  pending: string[];
  failed: string[];
  edited: string[];
  unknown: string[];
  /** What is wrong and what to do, when not at head. */
  problems: string[];
}

/**
 * Whether the database's `_prisma_migrations` equals the history this build ships. The API never
 * migrates: it only reads the ledger and tells operators to run `pnpm migrate deploy`.
 */
@Injectable()
export class MigrationStateService implements OnModuleInit {
  private history: LocalMigration[] = [];

  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.history = await readLocalHistory(this.config.migrationsDir);
  }

  async current(): Promise<MigrationState> {
    const state = compareHistory(this.history, await readLedger(this.ledgerReader()));
    const problems = [
      ...(state.pending.length > 0
        ? [
            `${state.pending.length} migration(s) pending (${state.pending.map((m) => m.name).join(', ')}): run \`pnpm migrate deploy\``,
          ]
        : []),
      ...state.failed.map(
        (m) => `migration ${m.name} failed: resolve it with \`pnpm migrate resolve\`, then deploy`,
      ),
      ...state.edited.map((name) => `migration ${name} was edited after being applied`),
      ...(state.unknown.length > 0
        ? [
            `the database has migrations this build does not know (${state.unknown.join(', ')}): a newer release migrated it`,
          ]
        : []),
    ];
    return {
      atHead: state.atHead,
      applied: state.applied.length,
      pending: state.pending.map((migration) => migration.name),
      failed: state.failed.map((migration) => migration.name),
      edited: state.edited,
      unknown: state.unknown,
      problems,
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
