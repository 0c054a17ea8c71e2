import { parseBridgeArguments } from './arguments';

describe('the schema engine command line', () => {
  it('reads the RPC form the CLI spawns', () => {
    const datasource = JSON.stringify({
      url: 'postgresql://localhost/db',
      shadowDatabaseUrl: 'postgresql://localhost/s',
    });
    expect(
      parseBridgeArguments([
        '--datamodels',
        '/a.prisma',
        '--datamodels',
        '/b.prisma',
        '--datasource',
        datasource,
      ]),
    ).toEqual({
      kind: 'rpc',
      datamodels: ['/a.prisma', '/b.prisma'],
      datasource: {
        url: 'postgresql://localhost/db',
        shadowDatabaseUrl: 'postgresql://localhost/s',
      },
    });
  });

  it('reads the one-shot cli commands and --version', () => {
    expect(
      parseBridgeArguments([
        '--datasource',
        '{"url":"postgresql://localhost/db"}',
        'cli',
        'can-connect-to-database',
      ]),
    ).toEqual({
      kind: 'cli',
      command: 'can-connect-to-database',
      datasource: { url: 'postgresql://localhost/db' },
    });
    expect(parseBridgeArguments(['--version'])).toEqual({ kind: 'version' });
  });
});
