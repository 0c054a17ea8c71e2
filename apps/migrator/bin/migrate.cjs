#!/usr/bin/env node
// `pnpm migrate <command>`; see `--help`. dist/migrate.cjs is the whole migrator in one file
// (bundle.cjs): it starts in a fraction of the time of its ~300 modules, and faster still from
// V8's code cache (code-cache.cjs).
// With DEBUG=migrator (config/migrator-config.ts), stack traces name the TypeScript sources; Node
// reads a file's source map only if enabled before the file loads, and only for files it loads
// itself, so that run skips the code cache.
const { join } = require('node:path');

const bundle = join(__dirname, '../dist/migrate.cjs');
if (process.env.DEBUG?.includes('migrator')) {
  process.setSourceMapsEnabled(true);
  require(bundle);
} else {
  require('./code-cache.cjs').runWithCodeCache(bundle, module);
}
