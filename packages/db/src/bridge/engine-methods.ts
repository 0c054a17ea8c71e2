import { basename } from 'node:path';
import type { WasmSchemaEngine } from '../engine/load-schema-engine';
import { createDatabase, databaseExists } from '../postgres/databases';
import { parseDatabaseUrl } from '../postgres/database-url';
import type { EngineDatasource } from './arguments';

type Params = Record<string, unknown> | undefined;

export interface MethodContext {
  engine: () => Promise<WasmSchemaEngine>;
  datasource: EngineDatasource;
  /** Asks the CLI to print text, as the native engine does for `migrate diff`. */
  print: (content: string) => Promise<void>;
}

type Method = (params: Params, context: MethodContext) => Promise<unknown>;

/** Methods whose native behaviour differs from the wasm engine's. Everything else passes through. */
const ADAPTED_METHODS: Record<string, Method> = {
  getDatabaseVersion: async (params, { engine }) => (await engine()).version(params as never),
  diff: async (params, { engine, print }) => {
    const result = await (await engine()).diff(params as never);
    if (result.stdout) await print(result.stdout);
    return { exitCode: result.exitCode };
  },
  createDatabase: async (_params, { datasource }) => {
    const url = requireUrl(datasource);
    const { database } = parseDatabaseUrl(url);
    if (!(await databaseExists(url, database))) await createDatabase(url, database);
    return { databaseName: database };
  },
};

export async function callEngineMethod(
  method: string,
  params: Params,
  context: MethodContext,
): Promise<unknown> {
  const normalized = withMigrationNamesAsPaths(params) as Params;
  const adapted = ADAPTED_METHODS[method];
  if (adapted) return adapted(normalized, context);
  const engine = (await context.engine()) as unknown as Record<string, unknown>;
  const implementation = engine[method];
  if (typeof implementation !== 'function') {
    throw Object.assign(new Error(`The schema engine bridge does not support "${method}".`), {
      error_code: undefined,
    });
  }
  return (implementation as (p: Params) => Promise<unknown>).call(engine, normalized);
}

export function requireUrl(datasource: EngineDatasource): string {
  if (!datasource.url) {
    throw new Error(
      'No database URL is configured: set DATABASE_URL (see prisma/prisma.config.ts).',
    );
  }
  return datasource.url;
}

/**
 * The CLI sends each migration folder's absolute path; the wasm engine records `path` as the
 * migration's name, while the native engine records the folder name. Hand it the folder name.
 */
function withMigrationNamesAsPaths(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withMigrationNamesAsPaths);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([key, inner]) => {
    if (key === 'migrationDirectories' && Array.isArray(inner)) {
      return [
        key,
        inner.map((directory: { path: string }) => ({
          ...directory,
          path: basename(directory.path),
        })),
      ];
    }
    return [key, withMigrationNamesAsPaths(inner)];
  });
  return Object.fromEntries(entries);
}
