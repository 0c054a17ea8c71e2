// One ESLint flat config for the whole workspace; the root eslint.config.mjs re-exports it and
// each package runs `eslint .` against it.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const { join } = require('node:path');
const boundaries = require('./boundaries');

const REPOSITORY_ROOT = join(__dirname, '../..');

module.exports = tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/dist-bench/**',
      '**/dist-base/**',
      '**/generated/**',
      '**/node_modules/**',
      '**/.turbo/**',
      '.data/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: REPOSITORY_ROOT },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        {
          // `z` is a namespace object holding all of zod, every locale included: a bundler keeps
          // all of it (the migrator's bundle, apps/migrator/bundle.cjs), where `z.object(…)` on a
          // namespace import keeps only what is used. zod's own documentation imports it this way.
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "Import zod as a namespace: import * as z from 'zod'.",
        },
      ],
    },
  },
  {
    // Nest injects by the constructor parameter types that decorator metadata emits: type-only
    // imports of those would silently break injection, so the rule must know about the metadata.
    files: ['apps/api/**/*.ts'],
    languageOptions: {
      parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true },
    },
  },
  {
    // supertest's `response.body` is `any` by design, and these tests exist to assert on it;
    // jest's asymmetric matchers (`expect.any(…)`) are typed `any` too.
    files: [
      '**/test/**/*.ts',
      '**/*.spec.ts',
      '**/*.test.ts',
      '**/*.test.tsx',
      'packages/testing/src/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.cjs', '**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    extends: [tseslint.configs.recommended],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Node scripts written as ES modules (the console's build report).
    files: ['**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
  ...boundaries,
);
