import { readFile } from 'node:fs/promises';
import {
  createMigrationAdapterFactory,
  type MigrationAdapterOptions,
} from './migration-adapter-factory';
import { loadSchemaEngineModule, type WasmSchemaEngine } from './load-schema-engine';

export interface EngineLogLine {
  level: string;
  message: string;
  fields: Record<string, unknown>;
}

export interface OpenSchemaEngineOptions extends MigrationAdapterOptions {
  /** `schema.prisma` files the engine starts with (needed by commands that read "the schema"). */
  schemaPaths?: string[];
  onLog?: (line: EngineLogLine) => void;
}

export interface SchemaEngineHandle {
  readonly engine: WasmSchemaEngine;
  /** Frees the engine and closes its connections, releasing its advisory lock. */
  close: () => Promise<void>;
}

/** Opens Prisma's WebAssembly schema engine on a database, with no native binary involved. */
export async function openSchemaEngine(
  options: OpenSchemaEngineOptions,
): Promise<SchemaEngineHandle> {
  const { SchemaEngine } = await loadSchemaEngineModule();
  const datamodels = await Promise.all(
    (options.schemaPaths ?? []).map(async (path): Promise<[string, string]> => [
      path,
      await readFile(path, 'utf8'),
    ]),
  );
  const adapters = createMigrationAdapterFactory(options);
  const engine = await SchemaEngine.new(
    { datamodels: datamodels.length > 0 ? datamodels : undefined },
    (raw: string) => options.onLog?.(parseLogLine(raw)),
    adapters.factory,
  );
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      engine.free();
      await adapters.disposeAll();
    })());
  return { engine, close };
}

function parseLogLine(raw: string): EngineLogLine {
  try {
    const parsed = JSON.parse(raw) as { level?: string; fields?: Record<string, unknown> };
    const fields = parsed.fields ?? {};
    return {
      level: parsed.level ?? 'INFO',
      message: typeof fields.message === 'string' ? fields.message : '',
      fields,
    };
  } catch {
    return { level: 'INFO', message: raw, fields: {} };
  }
}

export const NO_SCHEMA_FILTER = { externalTables: [], externalEnums: [] };
