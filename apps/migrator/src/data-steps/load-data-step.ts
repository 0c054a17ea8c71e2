import { relative } from 'node:path';
import type { DataMigration } from '@publishing/db/data-migration';
import type { createJiti as CreateJiti } from 'jiti';
import type { LocalMigration } from '@publishing/db/history';
import { MigratorError } from '../cli/migrator-error';
import type { PreflightProblem } from '../deploy/preflight';

export interface LoadedDataStep {
  migration: LocalMigration;
  definition: DataMigration;
}

const AUTHORING_MODULE = '@publishing/db/data-migration';

type Jiti = { import(id: string): Promise<unknown> };
let jiti: Jiti | undefined;

/**
 * jiti compiles TypeScript in memory (Node 20 has no type stripping), with no build step and no
 * native binary, so the migrator image runs `data.ts` as development does. It is required here,
 * on first use, so runs with no data step to load never pay for it.
 */
function loader(): Jiti {
  if (jiti) return jiti;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createJiti } = require('jiti') as { createJiti: typeof CreateJiti };
  jiti = createJiti(__filename, {
    fsCache: false,
    moduleCache: false,
    interopDefault: false,
    // A history folder outside the repository (a test's, an image's /app/prisma) still finds the
    // authoring module: the one this migrator is built with.
    alias: { [AUTHORING_MODULE]: require.resolve(AUTHORING_MODULE) },
  });
  return jiti;
}

/** Loads and checks `data.ts`; a syntax error is reported with file:line, before anything runs. */
export async function loadDataStep(migration: LocalMigration): Promise<LoadedDataStep> {
  const file = migration.dataStep;
  if (!file) throw new Error(`${migration.name} has no data step`);
  const shown = relative(process.cwd(), file.path) || file.path;
  let loaded: unknown;
  try {
    loaded = await loader().import(file.path);
  } catch (error) {
    throw new MigratorError(
      `Data step ${migration.name}/data.ts does not load: ${describeLoadError(error, file.path, shown)}`,
      'Nothing was applied. Fix data.ts (it never ran, so editing it is fine) and run the command again.',
      undefined,
      { migration: migration.name, file: shown, ...positionOf(error, file.path) },
    );
  }
  const definition = (loaded as { default?: unknown }).default;
  const { isDataMigration } = await import('@publishing/db/data-migration');
  if (!isDataMigration(definition)) {
    throw new MigratorError(
      `Data step ${shown} must \`export default defineDataMigration({ mode, blocking, up })\`.`,
      `Import defineDataMigration from '${AUTHORING_MODULE}' (see docs/migrator.md, "Data steps").`,
      undefined,
      { migration: migration.name, file: shown },
    );
  }
  if (
    file.mode !== definition.mode ||
    (file.blocking !== null && file.blocking !== definition.blocking)
  ) {
    throw new MigratorError(
      `Data step ${shown}: write mode and blocking as literals in the defineDataMigration call (read: mode ${String(file.mode)}, blocking ${String(file.blocking)}; ran: mode ${definition.mode}, blocking ${definition.blocking}).`,
      "status, plan and the API's readiness read them from the file's text without running it: e.g. `mode: 'batched', blocking: false`.",
      undefined,
      { migration: migration.name, file: shown },
    );
  }
  return { migration, definition };
}

/** Loads every data step of `migrations`, in order; the first one that does not load stops it. */
export async function loadDataSteps(
  migrations: LocalMigration[],
): Promise<Map<string, LoadedDataStep>> {
  const steps = new Map<string, LoadedDataStep>();
  for (const migration of migrations) {
    if (migration.dataStep) steps.set(migration.name, await loadDataStep(migration));
  }
  return steps;
}

function describeLoadError(error: unknown, path: string, shown: string): string {
  const message = (error as Error).message ?? String(error);
  const position = positionOf(error, path);
  const reason = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.includes(path))
    .join(' ');
  return position.line === undefined
    ? reason
    : `${shown}:${position.line}:${position.column}: ${reason}`;
}

function positionOf(error: unknown, path: string): { line?: number; column?: number } {
  const text = `${(error as Error).message ?? ''}\n${(error as Error).stack ?? ''}`;
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(text);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : {};
}

/** What loading the data steps of `migrations` would refuse (`status` warns of them). */
export async function findDataStepProblems(
  migrations: LocalMigration[],
): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];
  for (const migration of migrations) {
    if (!migration.dataStep) continue;
    try {
      await loadDataStep(migration);
    } catch (error) {
      if (!(error instanceof MigratorError)) throw error;
      problems.push({
        migration: migration.name,
        message: error.message,
        hint: error.hint ?? '',
        line: error.details.line as number | undefined,
      });
    }
  }
  return problems;
}
