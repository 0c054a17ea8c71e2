#!/usr/bin/env node
// `pnpm migrate <command>`; see `--help`. dist/migrate.cjs is the whole migrator in one file
// (bundle.cjs): it starts in a fraction of the time of its ~300 modules.
// With DEBUG=migrator (config/migrator-config.ts), stack traces name the TypeScript sources; Node
// reads a file's source map only if enabled before the file loads.
if (process.env.DEBUG?.includes('migrator')) process.setSourceMapsEnabled(true);
require('../dist/migrate.cjs');
