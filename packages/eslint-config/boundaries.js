// The import boundaries of CODE_STYLE.md, as lint rules:
// - apps import packages, never another app (by package name or by path);
// - packages never import an app;
// - only @publishing/db imports Prisma (its client, its runtime, its generated code);
// - production code never imports test helpers or test frameworks.
// `no-restricted-imports` keeps one setting per file (a later block replaces an earlier one), so
// each group of files below gets the union of the restrictions that apply to it.
const { join } = require('node:path');
const { createNodeResolver, importX } = require('eslint-plugin-import-x');

const REPOSITORY_ROOT = join(__dirname, '../..');

const APPS = ['api', 'console', 'migrator', 'worker'];

const prisma = {
  paths: [
    { name: 'prisma', message: 'Only @publishing/db uses Prisma: import from @publishing/db.' },
  ],
  patterns: [
    {
      group: ['@prisma/*', '**/generated/prisma', '**/generated/prisma/**'],
      message:
        'Only @publishing/db imports Prisma: import its client and types from @publishing/db.',
    },
  ],
};

const apps = {
  paths: [],
  patterns: [
    {
      group: APPS.map((app) => `@publishing/${app}`).flatMap((name) => [name, `${name}/*`]),
      message: 'Apps are not libraries: move what is shared into a package under packages/.',
    },
  ],
};

const testHelpers = {
  paths: [],
  patterns: [
    {
      group: [
        '@publishing/testing',
        '@publishing/testing/*',
        '@publishing/db/testing',
        '@publishing/db/testing/*',
        '@nestjs/testing',
        'supertest',
        'jest',
        '@jest/*',
        'vitest',
        '@testing-library/*',
      ],
      message: 'Production code never imports test helpers or test frameworks.',
    },
  ],
};

function restrictImports(...sets) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: sets.flatMap((set) => set.paths),
        patterns: sets.flatMap((set) => set.patterns),
      },
    ],
  };
}

/** Files that never ship: unit tests, test suites and their support, benchmarks. */
const TEST_FILES = [
  '**/*.spec.ts',
  '**/*.test.ts',
  '**/*.test.tsx',
  '**/vitest.config.ts',
  '**/test/**',
  '**/bench/**',
];

const appZones = APPS.map((app) => ({
  target: `./apps/${app}`,
  from: './apps',
  except: [`./${app}`],
  message: 'An app never imports another app: move what is shared into a package under packages/.',
}));

module.exports = [
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.js', '.cjs', '.mjs', '.json', '.node'] }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          // Zones are relative to this, not to the directory `eslint` runs in (each package's).
          basePath: REPOSITORY_ROOT,
          zones: [
            ...appZones,
            {
              target: './packages',
              from: './apps',
              message: 'A package never imports an app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/**'],
    rules: restrictImports(prisma, apps, testHelpers),
  },
  {
    files: TEST_FILES.map((glob) => `apps/${glob}`),
    rules: restrictImports(prisma, apps),
  },
  {
    files: ['packages/**'],
    ignores: ['packages/db/**'],
    rules: restrictImports(prisma, apps, testHelpers),
  },
  {
    // @publishing/testing is test support as a whole.
    files: ['packages/testing/**', ...TEST_FILES.map((glob) => `packages/${glob}`)],
    ignores: ['packages/db/**'],
    rules: restrictImports(prisma, apps),
  },
  {
    files: ['packages/db/**'],
    ignores: ['packages/db/src/testing/**', ...TEST_FILES.map((glob) => `packages/db/${glob}`)],
    rules: restrictImports(apps, testHelpers),
  },
  {
    files: ['packages/db/src/testing/**', ...TEST_FILES.map((glob) => `packages/db/${glob}`)],
    rules: restrictImports(apps),
  },
];
