import path from 'node:path';
import { defineConfig } from 'prisma/config';

// The stock CLI would download a native schema engine, which cannot work offline. Unless the user
// chose an engine, it runs on @publishing/db's bridge over Prisma's WebAssembly engine.
const bridge = path.join(import.meta.dirname, '../packages/db/bin/schema-engine.cjs');
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= bridge;
const usesBridge = process.env.PRISMA_SCHEMA_ENGINE_BINARY === bridge;

const databaseUrl = process.env.DATABASE_URL;

export default defineConfig({
  schema: path.join(import.meta.dirname, 'schema.prisma'),
  migrations: { path: path.join(import.meta.dirname, 'migrations') },
  datasource: {
    url: databaseUrl,
    // The bridge only uses this URL's server, creating a throwaway shadow database per use and
    // dropping it afterwards; a native engine would wipe the named database, so it gets no default.
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL ?? (usesBridge ? databaseUrl : undefined),
  },
});
