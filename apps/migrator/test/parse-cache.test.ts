import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestDatabase } from '@publishing/db/testing';
import { tableExists } from './support/database';
import { createMigrationsFolder, type MigrationsFolder } from './support/migrations-folder';

const LOADER = join(__dirname, '../bin/code-cache.cjs');
const PARSER_LOADED = 'parser loaded: ';

describe('the parse cache beside the bundle (dist/migrate.cjs.parsed)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  /** A copy of the bundle inside dist (the same node_modules), so its caches are this test's own. */
  function bundleCopy(): { dir: string; parsed: string } {
    const dir = mkdtempSync(join(__dirname, '../dist/parse-cache-test-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    copyFileSync(join(__dirname, '../dist/migrate.cjs'), join(dir, 'migrate.cjs'));
    writeFileSync(
      join(dir, 'bin.cjs'),
      `require(${JSON.stringify(LOADER)}).runWithCodeCache(${JSON.stringify(join(dir, 'migrate.cjs'))}, module);`,
    );
    writeFileSync(
      join(dir, 'report-parser.cjs'),
      `process.on('exit', () => process.stderr.write('\\n${PARSER_LOADED}' + Object.keys(require.cache).some((file) => file.includes('libpg-query${'/'}wasm')) + '\\n'));`,
    );
    return { dir, parsed: join(dir, 'migrate.cjs.parsed') };
  }

  async function folder(): Promise<MigrationsFolder> {
    const created = await createMigrationsFolder();
    cleanups.push(created.remove);
    return created;
  }

  async function deploy(copy: string, migrations: MigrationsFolder) {
    const database = await createTestDatabase({ contents: 'empty' });
    cleanups.push(database.drop);
    const run = spawnSync(
      process.execPath,
      [
        '-r',
        join(copy, 'report-parser.cjs'),
        join(copy, 'bin.cjs'),
        'deploy',
        '--migrations',
        migrations.dir,
      ],
      { env: { ...process.env, DATABASE_URL: database.url }, encoding: 'utf8' },
    );
    return {
      code: run.status,
      stderr: run.stderr,
      parserLoaded: run.stderr.includes(`${PARSER_LOADED}true`),
      url: database.url,
    };
  }

  it('parses a file once: a later deploy of the same files applies them without loading the parser', async () => {
    const { dir } = bundleCopy();
    const migrations = await folder();
    await migrations.add('20240101000000_create_notes', 'CREATE TABLE notes (id int PRIMARY KEY);');
    await migrations.add(
      '20240102000000_index_notes',
      '-- migrate:no-transaction\nCREATE INDEX CONCURRENTLY notes_id_idx ON notes (id);\nSELECT 1;\n',
    );

    const first = await deploy(dir, migrations);
    const second = await deploy(dir, migrations);

    expect(first.code, first.stderr).toBe(0);
    expect(first.parserLoaded).toBe(true);
    expect(second.code, second.stderr).toBe(0);
    expect(second.parserLoaded).toBe(false);
    expect(second.stderr).toContain('is non-transactional: 2 statements run one by one');
    expect(await tableExists(second.url, 'notes_id_idx')).toBe(true);
  });

  it('never keeps a failure, and trusts no results kept by another build', async () => {
    const { dir, parsed } = bundleCopy();
    const migrations = await folder();
    const broken = 'CREATE TABLE tags (id int);\nSELEC 1;\n';
    await migrations.add('20240101000000_broken', broken);

    const refused = await deploy(dir, migrations);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('syntax error at or near "SELEC"');
    expect(existsSync(parsed)).toBe(false);

    const digest = createHash('sha256').update(broken).digest('hex');
    writeFileSync(
      parsed,
      JSON.stringify({
        key: 'another build libpg-query@0',
        results: { [digest]: { controlsTransactions: false } },
      }),
    );
    const again = await deploy(dir, migrations);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      'does not parse:\n20240101000000_broken/migration.sql:2:1: syntax error at or near "SELEC"',
    );
    expect(await tableExists(again.url, 'tags')).toBe(false);
    expect(readFileSync(parsed, 'utf8')).toContain('another build');
  });
});
