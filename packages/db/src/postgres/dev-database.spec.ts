import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runningEmbeddedServerUrl } from './dev-database';

describe('the embedded development server already running', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dev-database-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  const postmasterPid = (pid: number, port: number) =>
    writeFile(join(dataDir, 'postmaster.pid'), `${pid}\n${dataDir}\n1700000000\n${port}\n/tmp\n`);

  it('is found from postmaster.pid while its process lives', async () => {
    await postmasterPid(process.pid, 54321);

    expect(runningEmbeddedServerUrl(dataDir)).toBe(
      'postgresql://postgres:postgres@127.0.0.1:54321/postgres',
    );
  });

  it('is not there without postmaster.pid, or when the pid in it is gone', async () => {
    expect(runningEmbeddedServerUrl(dataDir)).toBeUndefined();
    await postmasterPid(2 ** 22 + 12345, 54321);
    expect(runningEmbeddedServerUrl(dataDir)).toBeUndefined();
  });
});
