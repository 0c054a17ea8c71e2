import { readLocalHistory } from '@publishing/db/history';
import { ExitCode } from '../cli/exit-codes';
import { writeHistorySum } from '../history/history-sum';
import type { CommandContext, CommandOutcome } from './command';

/** Writes `migrations.sum` for the history as it is (after `prisma migrate dev` made a folder). */
export async function hash(context: CommandContext): Promise<CommandOutcome> {
  const { config, reporter } = context;
  const history = await readLocalHistory(config.migrationsDir);
  const path = await writeHistorySum(config.migrationsDir, history);
  reporter.print(`Wrote ${path} for ${history.length} migrations. Commit it with them.`);
  return {
    exitCode: ExitCode.Ok,
    document: { command: 'hash', path, migrations: history.length },
  };
}
