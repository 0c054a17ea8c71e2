import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './support/processes';
import { LAUNCHER, localCommandSandbox, type LocalCommandSandbox } from './support/local-commands';
import { createScratchCheckout, type ScratchCheckout } from './support/scratch-checkout';

/** A whole build on a busy machine, more than once. */
const BUILDS_WITHIN_MS = 5 * 60_000;

describe('local commands build what they need first', () => {
  let checkout: ScratchCheckout;
  let sandbox: LocalCommandSandbox;
  beforeAll(async () => {
    checkout = await createScratchCheckout();
    sandbox = localCommandSandbox({ PUBLISHING_SKIP_BUILD: '' });
  });
  afterAll(async () => {
    await sandbox.remove();
    await checkout.remove();
  });

  it(
    'builds a clone without dist, then runs `migrate status --json` with only JSON on stdout',
    async () => {
      expect(existsSync(join(checkout.root, 'packages/db/dist'))).toBe(false);

      // `pnpm migrate status --json` runs this; pnpm itself must not run in the scratch checkout.
      const result = await run(process.execPath, [LAUNCHER, 'migrate', 'status', '--json'], {
        cwd: checkout.root,
        env: sandbox.env,
      });

      expect(existsSync(join(checkout.root, 'packages/db/dist/postgres/index.js'))).toBe(true);
      expect(existsSync(join(checkout.root, 'apps/migrator/dist/main.js'))).toBe(true);
      const status = JSON.parse(result.stdout) as {
        command: string;
        atHead: boolean;
        pending: string[];
      };
      expect(status).toMatchObject({ command: 'status', atHead: false });
      expect(status.pending.length).toBeGreaterThan(0);
      expect(result.code, 'status exits 3 when migrations are pending').toBe(3);
      expect(result.stderr).toMatch(
        /Using the embedded PostgreSQL: postgresql:\/\/postgres:\*\*\*@/,
      );
    },
    BUILDS_WITHIN_MS,
  );

  it(
    'shows the errors and exits non-zero when the build fails, running nothing',
    async () => {
      const broken = join(checkout.root, 'apps/migrator/src/broken-on-purpose.ts');
      await writeFile(broken, "export const notANumber: number = 'text';\n");
      try {
        const result = await run(process.execPath, [LAUNCHER, 'migrate', 'status', '--json'], {
          cwd: checkout.root,
          env: sandbox.env,
        });

        expect(result.code).not.toBe(0);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(/broken-on-purpose\.ts.*TS2322/);
        expect(result.stderr).toMatch(/Could not build @publishing\/migrator/);
        expect(result.stderr).not.toMatch(/PostgreSQL/);
      } finally {
        await rm(broken);
      }
    },
    BUILDS_WITHIN_MS,
  );
});
