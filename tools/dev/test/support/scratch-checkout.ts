import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { REPOSITORY_ROOT } from './local-commands';

/** Build output, caches and local data: what a fresh clone does not have. */
const NOT_IN_A_CLONE = new Set(['.git', '.turbo', '.data', 'dist', 'coverage']);

export interface ScratchCheckout {
  root: string;
  remove(): Promise<void>;
}

/**
 * This working tree as a fresh clone would be after `pnpm install`: the sources and each package's
 * node_modules links, no dist, no generated Prisma client, no turbo cache. The installed packages
 * themselves are shared (the root node_modules is a link), so never run pnpm in it: pnpm would
 * install into the shared node_modules.
 */
export async function createScratchCheckout(): Promise<ScratchCheckout> {
  const root = await mkdtemp(join(tmpdir(), 'publishing-checkout-'));
  await cp(REPOSITORY_ROOT, root, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => {
      const path = relative(REPOSITORY_ROOT, source);
      const name = basename(source);
      return (
        path !== 'node_modules' &&
        !NOT_IN_A_CLONE.has(name) &&
        // pnpm's temporary files, in the package a script is starting in beside this test: gone
        // by the time they would be copied.
        !name.startsWith('_tmp_') &&
        !name.endsWith('.tsbuildinfo') &&
        path !== join('packages', 'db', 'src', 'generated')
      );
    },
  });
  await symlink(join(REPOSITORY_ROOT, 'node_modules'), join(root, 'node_modules'));
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}
