import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const REPOSITORY_ROOT = resolve(__dirname, '../../../..');
const PRISMA_BIN = resolve(REPOSITORY_ROOT, 'node_modules/.bin/prisma');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the stock Prisma CLI (as `pnpm prisma` does) with the given database. */
export async function runPrismaCli(
  args: string[],
  env: Record<string, string>,
  configPath = resolve(REPOSITORY_ROOT, 'prisma/prisma.config.ts'),
): Promise<CliResult> {
  const cleanEnv = { ...process.env };
  delete cleanEnv.PRISMA_SCHEMA_ENGINE_BINARY;
  delete cleanEnv.SHADOW_DATABASE_URL;
  try {
    const { stdout, stderr } = await promisify(execFile)(
      PRISMA_BIN,
      ['--config', configPath, ...args],
      { cwd: REPOSITORY_ROOT, env: { ...cleanEnv, ...env, PRISMA_HIDE_UPDATE_MESSAGE: '1' } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? 1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}

export const bridgeBinary = resolve(REPOSITORY_ROOT, 'packages/db/bin/schema-engine.cjs');
