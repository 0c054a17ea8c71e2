import { join, resolve } from 'node:path';

/**
 * The repository's root, found from this file's own location (packages/db/src or
 * packages/db/dist), never from the working directory: the checkout, or /app in the images.
 */
export const REPOSITORY_ROOT = resolve(__dirname, '../../..');

const PRISMA_DIR = join(REPOSITORY_ROOT, 'prisma');

/** The repository's `prisma/` folder and its files. */
export const prismaPaths = {
  dir: PRISMA_DIR,
  schema: join(PRISMA_DIR, 'schema.prisma'),
  migrations: join(PRISMA_DIR, 'migrations'),
  config: join(PRISMA_DIR, 'prisma.config.ts'),
} as const;

/** A path setting: an absolute one as given, a relative one from the repository's root. */
export function repositoryPath(path: string): string {
  return resolve(REPOSITORY_ROOT, path);
}
