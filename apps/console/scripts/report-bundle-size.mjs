// Prints the gzip size of every JavaScript file of the build and fails over the budget.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 150 * 1024;
const assets = join(import.meta.dirname, '..', 'dist', 'assets');

const files = readdirSync(assets)
  .filter((name) => name.endsWith('.js'))
  .map((name) => ({ name, gzip: gzipSync(readFileSync(join(assets, name)), { level: 9 }).length }));
const total = files.reduce((sum, file) => sum + file.gzip, 0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

for (const file of files) console.log(`  ${file.name.padEnd(40)} ${kb(file.gzip)} gzip`);
console.log(`JavaScript total: ${kb(total)} gzip (budget ${kb(BUDGET_BYTES)})`);
if (total > BUDGET_BYTES) {
  console.error(`The console's JavaScript is over its ${kb(BUDGET_BYTES)} gzip budget.`);
  process.exit(1);
}
