import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Beside `migration.sql`: the findings of that migration judged safe, each with the reason. */
export const LINT_WAIVERS_FILE = 'lint-waivers.json';

export interface Waiver {
  /** The rule id the waiver silences. */
  rule: string;
  /** Why the finding is safe in this migration; a waiver without one is itself a finding. */
  reason: string;
  /** Only the finding of the statement starting on this line; without it, every finding of the rule. */
  line?: number;
}

/** `lint-waivers.json` exists but is not valid JSON or not shaped as documented. */
export class LintWaiversFileError extends Error {
  override readonly name = 'LintWaiversFileError';

  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(
      `${file}: ${problem}. Expected { "waivers": [ { "rule": "<rule id>", "reason": "<why this is safe>", "line": <optional statement line> } ] }.`,
    );
  }
}

const WAIVER_KEYS = new Set(['rule', 'reason', 'line']);

/** The migration folder's waivers; none when it has no `lint-waivers.json`. */
export async function readWaivers(migrationFolder: string): Promise<Waiver[]> {
  const file = join(migrationFolder, LINT_WAIVERS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new LintWaiversFileError(file, `invalid JSON (${(error as Error).message})`);
  }
  return parseWaivers(document, file);
}

function parseWaivers(document: unknown, file: string): Waiver[] {
  const waivers = isObject(document) ? document.waivers : undefined;
  if (!Array.isArray(waivers))
    throw new LintWaiversFileError(file, 'the top level must be an object with a "waivers" array');
  return waivers.map((entry: unknown, index): Waiver => {
    const where = `waivers[${index}]`;
    if (!isObject(entry)) throw new LintWaiversFileError(file, `${where} must be an object`);
    const unknownKey = Object.keys(entry).find((key) => !WAIVER_KEYS.has(key));
    if (unknownKey !== undefined) {
      // A misspelt "line" would otherwise silently widen the waiver to the whole migration.
      throw new LintWaiversFileError(file, `${where} has an unknown key "${unknownKey}"`);
    }
    const { rule, reason, line } = entry;
    if (typeof rule !== 'string')
      throw new LintWaiversFileError(file, `${where}.rule must be a rule id string`);
    if (reason !== undefined && typeof reason !== 'string') {
      throw new LintWaiversFileError(file, `${where}.reason must be a string`);
    }
    if (line !== undefined && !(Number.isInteger(line) && (line as number) > 0)) {
      throw new LintWaiversFileError(
        file,
        `${where}.line must be a positive integer (a statement's start line)`,
      );
    }
    return line === undefined
      ? { rule, reason: reason ?? '' }
      : { rule, reason: reason ?? '', line: line as number };
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
