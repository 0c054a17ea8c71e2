import { openSchemaEngine, type SchemaEngineHandle } from '../engine/schema-engine';
import { parseBridgeArguments } from './arguments';
import { writeEngineLog } from './engine-log';
import { toEngineError } from './engine-error';
import { callEngineMethod, requireUrl } from './engine-methods';
import { JsonRpcLineServer } from './json-rpc-server';
import { runOneShotCommand } from './one-shot-commands';

const ENGINE_COMMIT = '0edf323efd1d98336f3f0a68684b56f689b900d3';

/**
 * A stand-in for Prisma's native `schema-engine` binary, built on its WebAssembly engine, so the
 * stock Prisma CLI works where the native binary cannot be downloaded.
 */
export async function main(argv: string[]): Promise<number> {
  const invocation = parseBridgeArguments(argv);
  if (invocation.kind === 'version') {
    process.stdout.write(`schema-engine-cli ${ENGINE_COMMIT} (wasm bridge)\n`);
    return 0;
  }
  if (invocation.kind === 'cli') {
    try {
      await runOneShotCommand(invocation.command, invocation.datasource);
      return 0;
    } catch (error) {
      const { errorCode, message } = toEngineError(error);
      writeEngineLog('ERROR', message, { error_code: errorCode });
      return 1;
    }
  }

  let handle: Promise<SchemaEngineHandle> | undefined;
  const engine = async () => {
    handle ??= openSchemaEngine({
      url: requireUrl(invocation.datasource),
      shadowServerUrl: invocation.datasource.shadowDatabaseUrl,
      schemaPaths: invocation.datamodels,
      onLog: (line) => writeEngineLog(line.level === 'ERROR' ? 'ERROR' : 'INFO', line.message),
    });
    return (await handle).engine;
  };
  const server: JsonRpcLineServer = new JsonRpcLineServer((method, params) =>
    callEngineMethod(method, params, {
      engine,
      datasource: invocation.datasource,
      print: (content) => server.request('print', { content }),
    }),
  );
  await server.serve();
  if (handle) await (await handle.catch(() => undefined))?.close();
  return 0;
}
