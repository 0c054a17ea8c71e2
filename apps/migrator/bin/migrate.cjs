#!/usr/bin/env node
// `pnpm migrate <command>`; see `--help`.
require('../dist/main.js');
