import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as WasmBindings from '@prisma/schema-engine-wasm/schema_engine_bg';

export type WasmSchemaEngine = WasmBindings.SchemaEngine;
export type WasmSchemaEngineModule = typeof WasmBindings;

let loaded: Promise<WasmSchemaEngineModule> | undefined;

/**
 * Loads Prisma's WebAssembly schema engine once per process.
 *
 * The package entry imports its `.wasm` file as an ES module, which Node refuses, so the bindings
 * module is imported directly and the sibling `.wasm` is instantiated by hand.
 */
export function loadSchemaEngineModule(): Promise<WasmSchemaEngineModule> {
  loaded ??= instantiate().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

async function instantiate(): Promise<WasmSchemaEngineModule> {
  const bindingsPath = createRequire(__filename).resolve(
    '@prisma/schema-engine-wasm/schema_engine_bg',
  );
  const bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const bytes = await readFile(join(dirname(bindingsPath), 'schema_engine_bg.wasm'));
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, {
    './schema_engine_bg.js': withUnrefTimers(bindings),
  });
  const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start?: () => void };
  bindings.__wbg_set_wasm(exports);
  exports.__wbindgen_start?.();
  return bindings;
}

/**
 * The engine's timers are timeouts it never cancels (its bindings import no `clearTimeout`): left
 * as they are, one keeps a process alive for ten seconds after the engine is freed.
 */
function withUnrefTimers(imports: WebAssembly.ModuleImports): WebAssembly.ModuleImports {
  const wrapped: WebAssembly.ModuleImports = { ...imports };
  for (const [name, value] of Object.entries(imports)) {
    if (!name.startsWith('__wbg_setTimeout_') || typeof value !== 'function') continue;
    const setTimer = value as (...args: unknown[]) => unknown;
    wrapped[name] = (...args: unknown[]) => {
      const timer = setTimer(...args);
      (timer as { unref?: () => void } | undefined)?.unref?.();
      return timer;
    };
  }
  return wrapped;
}
