import type { Logger } from '@publishing/logging';
import type { ExitCode } from '../cli/exit-codes';
import type { Reporter } from '../cli/reporter';
import type { MigratorConfig } from '../config/migrator-config';

export interface CommandContext {
  config: MigratorConfig;
  reporter: Reporter;
  /** Diagnostics (`cli/diagnostics.ts`), not output: the logger is loaded on first use. */
  diagnostics: () => Promise<Logger>;
}

/** What a command ends with: its exit code and the document `--json` prints. */
export interface CommandOutcome {
  exitCode: ExitCode;
  document: Record<string, unknown>;
}
