import { parseArgs } from 'node:util';

export interface EngineDatasource {
  url?: string;
  shadowDatabaseUrl?: string;
}

export type BridgeInvocation =
  | { kind: 'version' }
  | { kind: 'cli'; command: string; datasource: EngineDatasource }
  | { kind: 'rpc'; datamodels: string[]; datasource: EngineDatasource };

/** Reads the command line the Prisma CLI gives its native schema engine. */
export function parseBridgeArguments(argv: string[]): BridgeInvocation {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      version: { type: 'boolean', short: 'V' },
      datamodels: { type: 'string', multiple: true },
      datasource: { type: 'string' },
      'enabled-preview-features': { type: 'string' },
      'extension-types': { type: 'string' },
    },
  });
  if (values.version) return { kind: 'version' };
  const datasource = parseDatasource(values.datasource);
  if (positionals[0] === 'cli') {
    return { kind: 'cli', command: String(positionals[1] ?? ''), datasource };
  }
  const datamodels = (values.datamodels ?? []).filter((path) => typeof path === 'string');
  return { kind: 'rpc', datamodels, datasource };
}

function parseDatasource(raw: unknown): EngineDatasource {
  if (typeof raw !== 'string') return {};
  const parsed = JSON.parse(raw) as EngineDatasource;
  return { url: parsed.url, shadowDatabaseUrl: parsed.shadowDatabaseUrl };
}
