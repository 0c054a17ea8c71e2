import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The release version: the root package.json's `version`, the one place a release sets it (the
 * three images are built from one commit, and turbo prune puts that file at /app/package.json).
 * src/config and dist/config both sit four levels below it.
 */
export const APP_VERSION: string = readReleaseVersion(
  join(__dirname, '..', '..', '..', '..', 'package.json'),
);

function readReleaseVersion(file: string): string {
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
  if (manifest.name !== 'publishing' || typeof manifest.version !== 'string') {
    throw new Error(`${file} is not the repository's package.json with the release version.`);
  }
  return manifest.version;
}
