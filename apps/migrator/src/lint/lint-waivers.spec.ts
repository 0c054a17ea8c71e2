import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINT_WAIVERS_FILE, LintWaiversFileError, readWaivers } from './lint-waivers';

describe('readWaivers', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'lint-waivers-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const write = (content: string) => writeFile(join(folder, LINT_WAIVERS_FILE), content);

  it('returns none when the folder has no waivers file', async () => {
    expect(await readWaivers(folder)).toEqual([]);
  });

  it('reads rule, reason and optional line', async () => {
    await write(
      JSON.stringify({
        waivers: [
          { rule: 'dropping-column', reason: 'Unused since release 12.', line: 7 },
          { rule: 'blocking-index-build', reason: 'Tiny table.' },
          { rule: 'truncating-table' },
        ],
      }),
    );
    expect(await readWaivers(folder)).toEqual([
      { rule: 'dropping-column', reason: 'Unused since release 12.', line: 7 },
      { rule: 'blocking-index-build', reason: 'Tiny table.' },
      { rule: 'truncating-table', reason: '' },
    ]);
  });

  it('names the file when the JSON is malformed', async () => {
    await write('{ "waivers": [ { "rule": "dropping-column", } ] }');
    const error = await readWaivers(folder).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LintWaiversFileError);
    expect((error as Error).message).toContain(join(folder, LINT_WAIVERS_FILE));
    expect((error as Error).message).toContain('invalid JSON');
  });

  it.each([
    ['[]', 'the top level must be an object with a "waivers" array'],
    ['{ "waiver": [] }', 'the top level must be an object with a "waivers" array'],
    ['{ "waivers": ["dropping-column"] }', 'waivers[0] must be an object'],
    ['{ "waivers": [{ "reason": "x" }] }', 'waivers[0].rule must be a rule id string'],
    [
      '{ "waivers": [{ "rule": "dropping-column", "reason": 3 }] }',
      'waivers[0].reason must be a string',
    ],
    [
      '{ "waivers": [{ "rule": "dropping-column", "reason": "x", "line": "7" }] }',
      'waivers[0].line must be a positive integer',
    ],
    [
      '{ "waivers": [{ "rule": "dropping-column", "reason": "x", "line": 0 }] }',
      'waivers[0].line must be a positive integer',
    ],
    [
      '{ "waivers": [{ "rule": "dropping-column", "reason": "x", "Line": 7 }] }',
      'waivers[0] has an unknown key "Line"',
    ],
  ])('rejects %s', async (content, problem) => {
    await write(content);
    await expect(readWaivers(folder)).rejects.toThrow(problem);
  });
});
