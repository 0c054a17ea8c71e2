import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@publishing/db/testing';
import { createMigrationsFolder } from './support/migrations-folder';

const LOADER = join(__dirname, '../bin/code-cache.cjs');

/** A CommonJS file like the bundle: it requires an ES module (as the bundle's externals) and prints. */
function bundleSource(answer: string): string {
  return [
    `const { basename } = require('node:path');`,
    `const { suffix } = require('./answer.mjs');`,
    `const result = { answer: '${answer}' + suffix, file: basename(__filename), args: process.argv.slice(2) };`,
    `process.stdout.write(JSON.stringify(result));`,
  ].join('\n');
}

describe('bin/code-cache.cjs: the bundle started from V8 code cache', () => {
  let folder: string;
  let bundle: string;
  const cache = () => `${bundle}.cache`;
  const run = () =>
    JSON.parse(
      execFileSync(process.execPath, [join(folder, 'bin.cjs'), 'deploy'], { encoding: 'utf8' }),
    ) as { answer: string; file: string };

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'code-cache-'));
    bundle = join(folder, 'bundle.cjs');
    writeFileSync(join(folder, 'answer.mjs'), `export const suffix = '!';`);
    writeFileSync(bundle, bundleSource('one'));
    writeFileSync(
      join(folder, 'bin.cjs'),
      `require(${JSON.stringify(LOADER)}).runWithCodeCache(${JSON.stringify(bundle)}, module);`,
    );
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs the file as a CommonJS module, requiring ES modules, and writes the cache', () => {
    expect(run()).toEqual({ answer: 'one!', file: 'bundle.cjs', args: ['deploy'] });
    expect(statSync(cache()).size).toBeGreaterThan(20);
  });

  it('uses the cache it wrote: a second run leaves it as it is', () => {
    run();
    const written = readFileSync(cache());
    expect(run().answer).toBe('one!');
    expect(readFileSync(cache()).equals(written)).toBe(true);
  });

  it('never runs a stale cache: a changed file of the same length gets a new one', () => {
    run();
    const before = readFileSync(cache());
    writeFileSync(bundle, bundleSource('two'));
    expect(run().answer).toBe('two!');
    expect(readFileSync(cache()).equals(before)).toBe(false);
  });

  it('runs without a cache where it cannot write one, leaving nothing behind', () => {
    // A folder in the cache's place fails the write for root too, as a read-only image does.
    mkdirSync(cache());
    expect(run().answer).toBe('one!');
    expect(statSync(cache()).isDirectory()).toBe(true);
    expect(readdirSync(folder).sort()).toEqual([
      'answer.mjs',
      'bin.cjs',
      'bundle.cjs',
      'bundle.cjs.cache',
    ]);
  });
});

describe('the migrator bundle under its code cache', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('keeps the cache a deploy that parsed SQL wrote: the parser leaves V8 flags as it found them', async () => {
    // A copy of the bundle inside dist (the same node_modules; lint skips it), so the cache
    // is this test's own: the tests running beside it use dist/migrate.cjs.
    const copy = mkdtempSync(join(__dirname, '../dist/code-cache-test-'));
    cleanups.push(() => rm(copy, { recursive: true, force: true }));
    copyFileSync(join(__dirname, '../dist/migrate.cjs'), join(copy, 'migrate.cjs'));
    writeFileSync(
      join(copy, 'bin.cjs'),
      `require(${JSON.stringify(LOADER)}).runWithCodeCache(${JSON.stringify(join(copy, 'migrate.cjs'))}, module);`,
    );
    const migrations = await createMigrationsFolder();
    cleanups.push(migrations.remove);
    await migrations.add('20240101000000_create_notes', 'CREATE TABLE notes (id int PRIMARY KEY);');
    const deployToEmptyDatabase = async () => {
      const database = await createTestDatabase({ contents: 'empty' });
      cleanups.push(database.drop);
      execFileSync(
        process.execPath,
        [join(copy, 'bin.cjs'), 'deploy', '--migrations', migrations.dir],
        { env: { ...process.env, DATABASE_URL: database.url }, stdio: 'ignore' },
      );
    };

    await deployToEmptyDatabase();
    const written = readFileSync(join(copy, 'migrate.cjs.cache'));
    await deployToEmptyDatabase();

    expect(readFileSync(join(copy, 'migrate.cjs.cache')).equals(written)).toBe(true);
  });
});
