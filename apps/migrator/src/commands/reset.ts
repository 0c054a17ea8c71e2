import { DATA_STEP_SCHEMA } from '@publishing/db/history';
import { ExitCode } from '../cli/exit-codes';
import { MigratorError } from '../cli/migrator-error';
import { withSession } from '../database/session';
import type { CommandContext, CommandOutcome } from './command';
import { deploy } from './deploy';

export interface ResetOptions {
  force?: boolean;
}

/** Development only: drops everything in the `public` schema, then deploys the whole history. */
export async function reset(
  context: CommandContext,
  options: ResetOptions,
): Promise<CommandOutcome> {
  if (context.config.production) {
    throw new MigratorError(
      'reset is refused in production (NODE_ENV or MIGRATE_ENV is "production").',
      'Use rollback, or a forward migration.',
    );
  }
  if (!options.force) {
    throw new MigratorError(
      'reset deletes every table and row in the database.',
      'Pass --force if that is what you want.',
      ExitCode.Usage,
    );
  }
  const target = await withSession(context, { lock: true }, async ({ client, target }) => {
    await context.reporter.step(`dropped and recreated schema public on ${target}`, () =>
      // The data step ledger goes too: its records describe rows that are gone.
      client.query(
        `DROP SCHEMA public CASCADE; CREATE SCHEMA public; DROP SCHEMA IF EXISTS ${DATA_STEP_SCHEMA} CASCADE;`,
      ),
    );
    return target;
  });
  const deployed = await deploy(context);
  return {
    exitCode: deployed.exitCode,
    document: { command: 'reset', target, deploy: deployed.document },
  };
}
