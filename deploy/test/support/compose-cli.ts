import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { COMPOSE_FILE } from './compose';
import { ROOT } from './repository';

/** `docker-compose` (v1 or the v2 binary) or the `docker compose` plugin, whichever runs here. */
export function installedComposeCommand(): string[] | undefined {
  return [['docker-compose'], ['docker', 'compose']].find(
    ([program = '', ...args]) => spawnSync(program, [...args, 'version']).status === 0,
  );
}

/** `<compose> config` with `envFile`: the file normalized by the real tool, parsed. */
export function composeConfig(command: string[], envFile: string): unknown {
  const [program = '', ...args] = command;
  // Only PATH and HOME: the caller's NODE_ENV, DATABASE_URL, … must not leak into interpolation.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir() };
  const result = spawnSync(
    program,
    [...args, '--env-file', envFile, '-f', join(ROOT, COMPOSE_FILE), 'config'],
    { cwd: ROOT, env, encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`${command.join(' ')} config failed (${result.status}):\n${result.stderr}`);
  return parse(result.stdout);
}
