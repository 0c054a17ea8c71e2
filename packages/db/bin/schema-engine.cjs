#!/usr/bin/env node
// Prisma CLI's schema engine, served by the WebAssembly engine (see src/bridge/main.ts).
// prisma/prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY here.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '../dist/bridge/main.js');
if (!existsSync(entry)) {
  process.stderr.write(
    'The Prisma schema engine bridge is not built yet. Run `pnpm build` at the repository root, then retry.\n',
  );
  process.exit(1);
}
const { main } = require(entry);

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(
      `schema engine bridge: ${error && error.message ? error.message : error}\n`,
    );
    process.exit(1);
  },
);
