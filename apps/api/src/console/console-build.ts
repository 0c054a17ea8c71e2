import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const CONSOLE_BUILD_COMMAND = 'pnpm --filter @publishing/console build';

/** Why the console cannot be served from `dir`, or undefined when its build is there. */
export function missingConsoleBuild(dir: string): string | undefined {
  return existsSync(join(dir, 'index.html'))
    ? undefined
    : `The console is not built (no index.html in ${dir}): run \`${CONSOLE_BUILD_COMMAND}\`, or set CONSOLE_DIR.`;
}
