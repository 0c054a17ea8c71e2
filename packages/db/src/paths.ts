import { join, resolve } from 'node:path';

/** The repository's `prisma/` folder (this file sits in packages/db/src or packages/db/dist). */
const PRISMA_DIR = resolve(__dirname, '../../../prisma');

export const prismaPaths = {
  dir: PRISMA_DIR,
  schema: join(PRISMA_DIR, 'schema.prisma'),
  migrations: join(PRISMA_DIR, 'migrations'),
  config: join(PRISMA_DIR, 'prisma.config.ts'),
} as const;
