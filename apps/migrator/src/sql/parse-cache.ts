import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * What parsing a migration file found, kept for the next run: deploying the whole history parses
 * 40 KB of SQL (50-60 ms of a 380 ms deploy at load 4-10, and the garbage it leaves), the same
 * files on every database a developer or CI sets up. Only the bundle keeps it, beside itself
 * (dist/migrate.cjs.parsed, as its code cache; a run from the TypeScript sources keeps none). A
 * result holds for one build of the migrator and one version of the parser, so the file is keyed
 * by both, and each result by the SHA-256 of the text. A parse that fails is not kept: its error
 * always comes from the parser. A file that cannot be read or written means no cache.
 */
export async function remembered<T>(
  kind: ResultKind,
  text: string,
  parse: () => Promise<T>,
): Promise<T> {
  const cache = openCache();
  if (!cache) return parse();
  const digest = createHash('sha256').update(text).digest('hex');
  const known = cache.results[digest]?.[kind];
  if (known !== undefined) return known as T;
  const result = await parse();
  cache.results[digest] = { ...cache.results[digest], [kind]: result };
  if (!cache.dirty) process.once('exit', () => save(cache));
  cache.dirty = true;
  return result;
}

type ResultKind = 'controlsTransactions' | 'statements';

interface Cache {
  file: string;
  key: string;
  results: Record<string, Partial<Record<ResultKind, unknown>>>;
  dirty: boolean;
}

let opened: Cache | null | undefined;

function openCache(): Cache | null {
  if (opened !== undefined) return opened;
  opened = null;
  if (!__filename.endsWith('.cjs')) return opened;
  try {
    const parser = createRequire(__filename)('libpg-query/package.json') as { version: string };
    const build = createHash('sha1').update(readFileSync(__filename)).digest('hex');
    const key = `${build} libpg-query@${parser.version}`;
    const file = `${__filename}.parsed`;
    opened = { file, key, results: readResults(file, key), dirty: false };
  } catch {
    // No parser version or no bundle to read: parse every time.
  }
  return opened;
}

function readResults(file: string, key: string): Cache['results'] {
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Cache>;
    if (stored.key === key && typeof stored.results === 'object' && stored.results !== null)
      return stored.results;
  } catch {
    // Missing or unreadable: start empty.
  }
  return {};
}

function save(cache: Cache): void {
  const partial = `${cache.file}.${process.pid}`;
  try {
    writeFileSync(partial, JSON.stringify({ key: cache.key, results: cache.results }));
    renameSync(partial, cache.file);
  } catch {
    rmSync(partial, { force: true });
  }
}
