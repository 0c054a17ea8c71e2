import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { THROWAWAY_CLUSTER_PREFIX, removeAbandonedClusters } from './embedded';

describe('abandoned throwaway clusters', () => {
  let directory: string;
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('removes clusters whose server is gone, keeps running or just-created ones and unrelated folders', async () => {
    directory = await mkdtemp(join(tmpdir(), 'clusters-'));
    const cluster = async (name: string, pid?: number) => {
      await mkdir(join(directory, name));
      if (pid !== undefined)
        await writeFile(join(directory, name, 'postmaster.pid'), `${pid}\n/data\n`);
    };
    await cluster(`${THROWAWAY_CLUSTER_PREFIX}killed`, 2 ** 22 + 12345);
    await cluster(`${THROWAWAY_CLUSTER_PREFIX}never-started`);
    const anHourAgo = new Date(Date.now() - 2 * 60 * 60_000);
    await utimes(join(directory, `${THROWAWAY_CLUSTER_PREFIX}never-started`), anHourAgo, anHourAgo);
    await cluster(`${THROWAWAY_CLUSTER_PREFIX}initialising`);
    await cluster(`${THROWAWAY_CLUSTER_PREFIX}running`, process.pid);
    await cluster('someone-else', 2 ** 22 + 12345);

    const removed = await removeAbandonedClusters(directory);

    expect(removed.map((path) => path.slice(directory.length + 1)).sort()).toEqual([
      `${THROWAWAY_CLUSTER_PREFIX}killed`,
      `${THROWAWAY_CLUSTER_PREFIX}never-started`,
    ]);
  });

  it('passes over a cluster that is gone by the time it looks (removed by its own run meanwhile)', async () => {
    directory = await mkdtemp(join(tmpdir(), 'clusters-'));
    // Listed, then nothing there: what a concurrent run's teardown leaves between readdir and stat.
    await symlink(
      join(directory, 'removed-meanwhile'),
      join(directory, `${THROWAWAY_CLUSTER_PREFIX}gone`),
    );

    await expect(removeAbandonedClusters(directory)).resolves.toEqual([]);
  });
});
