import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root: every path the deploy files name is relative to it. */
export const ROOT = resolve(__dirname, '../../..');

export const readText = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

export const readJson = <T>(path: string): T => JSON.parse(readText(path)) as T;

export const existsInRepository = (path: string): boolean => existsSync(join(ROOT, path));
