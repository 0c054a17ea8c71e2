import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalMigration } from '@publishing/db/history';

/**
 * `prisma/migrations/migrations.sum`: each migration folder's name and a hash of its files,
 * chained to every folder before it (as Atlas's `atlas.sum`). Two branches that each add a
 * migration both rewrite its first line and its end, so git makes them conflict: the second to
 * merge re-creates its migration on top instead of slipping in out of order.
 */
export const SUM_FILE = 'migrations.sum';

const HEADER =
  '# Written by `pnpm migrate create` and `pnpm migrate hash`; checked by `pnpm migrate check`.\n' +
  '# Each line chains a migration folder to all before it. A merge conflict here means another\n' +
  '# branch added migrations first: keep theirs, re-create yours on top, then `pnpm migrate hash`.\n';

export interface HistorySum {
  /** The chain's last link: changes with any folder's name or file. */
  head: string;
  entries: { name: string; hash: string }[];
}

export type SumVerdict =
  | { state: 'matches' }
  | { state: 'missing' }
  | { state: 'conflicted' }
  | { state: 'differs'; firstDifference: string };

export async function computeHistorySum(history: LocalMigration[]): Promise<HistorySum> {
  let link = '';
  const entries: HistorySum['entries'] = [];
  for (const migration of history) {
    link = digest(`${link}\n${migration.name}\n${await folderDigest(migration.dir)}`);
    entries.push({ name: migration.name, hash: link });
  }
  return { head: link || digest(''), entries };
}

export function formatHistorySum(sum: HistorySum): string {
  return `${HEADER}h1:${sum.head}\n${sum.entries.map((entry) => `${entry.name} h1:${entry.hash}\n`).join('')}`;
}

export async function writeHistorySum(
  migrationsDir: string,
  history: LocalMigration[],
): Promise<string> {
  const path = join(migrationsDir, SUM_FILE);
  await writeFile(path, formatHistorySum(await computeHistorySum(history)));
  return path;
}

/** Whether the sum file on disk describes `history`, and if not, the first folder that differs. */
export async function verifyHistorySum(
  migrationsDir: string,
  history: LocalMigration[],
): Promise<SumVerdict> {
  const path = join(migrationsDir, SUM_FILE);
  if (!existsSync(path)) return { state: 'missing' };
  const written = await readFile(path, 'utf8');
  if (/^(<{7}|={7}|>{7})/m.test(written)) return { state: 'conflicted' };
  const expected = formatHistorySum(await computeHistorySum(history));
  if (written === expected) return { state: 'matches' };
  const writtenEntries = written.split('\n').filter((line) => /^\S+ h1:/.test(line));
  const expectedEntries = expected.split('\n').filter((line) => /^\S+ h1:/.test(line));
  const index = expectedEntries.findIndex((line, at) => writtenEntries[at] !== line);
  const firstDifference =
    index === -1
      ? `${writtenEntries[expectedEntries.length]?.split(' ')[0] ?? 'its first line'} (listed, not in the folder)`
      : (expectedEntries[index]?.split(' ')[0] ?? '');
  return { state: 'differs', firstDifference };
}

/** Every file of a migration folder (migration.sql, down.sql, …), by name, in name order. */
async function folderDigest(dir: string): Promise<string> {
  const files = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(await readFile(join(dir, file)));
    hash.update('\0');
  }
  return hash.digest('base64');
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}
