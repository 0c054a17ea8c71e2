/**
 * The import boundaries of CODE_STYLE.md, checked through the real config on code placed (by
 * path) where it would break them: each forbidden import is reported by the rule meant for it,
 * and the allowed ones next to it are not.
 */
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import config from '../index';

const REPOSITORY_ROOT = join(__dirname, '../../..');

// Type information is not what these rules need, and virtual files are in no tsconfig project.
const eslint = new ESLint({
  cwd: REPOSITORY_ROOT,
  overrideConfigFile: true,
  overrideConfig: [...config, tseslint.configs.disableTypeChecked],
});

const BOUNDARY_RULES = new Set(['import-x/no-restricted-paths', 'no-restricted-imports']);

/** Boundary rules reported for `code` as if it were the file at `path` (relative to the repository). */
async function violations(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(REPOSITORY_ROOT, path) });
  const messages = result?.messages ?? [];
  const fatal = messages.filter((message) => message.fatal);
  if (fatal.length > 0) throw new Error(fatal.map((message) => message.message).join('\n'));
  return messages
    .map((message) => message.ruleId ?? '')
    .filter((ruleId) => BOUNDARY_RULES.has(ruleId));
}

describe('import boundaries', () => {
  it.each([
    ['apps/api/src/feature.ts', "import '../../worker/src/main';"],
    ['apps/api/test/feature.e2e-spec.ts', "import '../../migrator/src/main';"],
    ['apps/worker/src/feature.ts', "import '../../api/src/app.module';"],
    ['apps/console/src/feature.ts', "import '../../api/src/configure-app';"],
    ['packages/channels/src/feature.ts', "import '../../../apps/api/src/app.module';"],
  ])('refuses a path into another app: %s %s', async (path, code) => {
    expect(await violations(path, code)).toEqual(['import-x/no-restricted-paths']);
  });

  it.each([
    ['apps/api/src/feature.ts', "import '@publishing/worker';"],
    ['apps/worker/test/feature.test.ts', "import '@publishing/migrator/dist/main';"],
    ['packages/templating/src/feature.ts', "import '@publishing/api';"],
  ])('refuses an app imported by name: %s %s', async (path, code) => {
    expect(await violations(path, code)).toContain('no-restricted-imports');
  });

  it.each([
    ['apps/api/src/feature.ts', "import { PrismaClient } from '@prisma/client';"],
    ['apps/worker/src/feature.ts', "import { PrismaPg } from '@prisma/adapter-pg';"],
    ['apps/api/test/feature.e2e-spec.ts', "import '../../../packages/db/src/generated/prisma';"],
    ['packages/channels/src/feature.ts', "import 'prisma';"],
  ])('lets only @publishing/db import Prisma: %s %s', async (path, code) => {
    expect(await violations(path, code)).toContain('no-restricted-imports');
  });

  it.each([
    ['apps/api/src/feature.ts', "import { createTestDatabase } from '@publishing/db/testing';"],
    ['apps/worker/src/feature.ts', "import { HttpSink } from '@publishing/testing';"],
    ['apps/api/src/feature.ts', "import request from 'supertest';"],
    ['apps/api/src/feature.ts', "import { Test } from '@nestjs/testing';"],
    ['packages/db/src/engine/feature.ts', "import { expect } from '@jest/globals';"],
    ['apps/console/src/feature.tsx', "import { vi } from 'vitest';"],
    ['apps/console/src/feature.tsx', "import { render } from '@testing-library/preact';"],
  ])('keeps test helpers out of production code: %s %s', async (path, code) => {
    expect(await violations(path, code)).toEqual(['no-restricted-imports']);
  });

  it.each([
    ['apps/api/src/feature.ts', "import { PrismaService } from '@publishing/db/nest';"],
    ['apps/api/src/feature.ts', "import { AppModule } from './app.module';"],
    [
      'apps/api/test/feature.e2e-spec.ts',
      "import { createTestDatabase } from '@publishing/db/testing';",
    ],
    ['apps/api/test/feature.e2e-spec.ts', "import request from 'supertest';"],
    ['apps/api/src/feature.spec.ts', "import { Test } from '@nestjs/testing';"],
    ['apps/worker/test/feature.test.ts', "import { HttpSink } from '@publishing/testing';"],
    ['packages/db/src/feature.ts', "import { PrismaPg } from '@prisma/adapter-pg';"],
    ['apps/console/src/feature.test.tsx', "import { render } from '@testing-library/preact';"],
    ['apps/console/src/test/setup.ts', "import { afterEach } from 'vitest';"],
    ['apps/console/vitest.config.ts', "import { defineConfig } from 'vitest/config';"],
    ['packages/db/src/testing/feature.ts', "import { applyMigrations } from '../engine';"],
    [
      'packages/channels/src/feature.ts',
      "import { renderForChannel } from '@publishing/templating';",
    ],
  ])('allows %s to %s', async (path, code) => {
    expect(await violations(path, code)).toEqual([]);
  });
});
