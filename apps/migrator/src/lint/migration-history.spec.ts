import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { lintMigration } from './lint-migration';
import { readWaivers } from './lint-waivers';

const MIGRATIONS_DIR = resolve(__dirname, '../../../../prisma/migrations');

async function lintShippedMigration(name: string) {
  const folder = join(MIGRATIONS_DIR, name);
  const sql = await readFile(join(folder, 'migration.sql'), 'utf8');
  return lintMigration({ name, sql, waivers: await readWaivers(folder) });
}

describe('the shipped migration history', () => {
  const names = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  it.each(names)(
    '%s passes lint, every finding waived with a reason and no stale waiver',
    async (name) => {
      const report = await lintShippedMigration(name);
      const unwaived = report.findings.filter((finding) => !finding.waived);
      expect(unwaived).toEqual([]);
      expect(report.blocked).toBe(false);
    },
  );

  it('has no finding at all for migrations that only create new objects', async () => {
    for (const name of [
      '20250601000000_legacy_baseline',
      '20261125120200_add_deliveries_and_api_keys',
    ]) {
      expect((await lintShippedMigration(name)).findings).toEqual([]);
    }
  });
});
