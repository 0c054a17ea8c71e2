import { MigrationSyntaxError } from '../sql/migration-syntax-error';
import { lintMigration } from './lint-migration';
import { type Waiver } from './lint-waivers';

const SQL = [
  "SET LOCAL lock_timeout = '5s';", // line 1
  'ALTER TABLE users DROP COLUMN legacy_flag;', // line 2
  'ALTER TABLE orders DROP COLUMN legacy_note;', // line 3
  'CREATE INDEX users_email_idx ON users (email);', // line 4
].join('\n');

function lint(waivers: Waiver[], sql = SQL) {
  return lintMigration({ name: '20260101000000_cleanup', sql, waivers });
}

describe('lintMigration', () => {
  it('reports findings in statement order with line, excerpt, message and fix', async () => {
    const report = await lint([]);
    expect(report.migration).toBe('20260101000000_cleanup');
    expect(report.blocked).toBe(true);
    expect(
      report.findings.map(({ ruleId, line, excerpt, waived }) => ({
        ruleId,
        line,
        excerpt,
        waived,
      })),
    ).toEqual([
      {
        ruleId: 'dropping-column',
        line: 2,
        excerpt: 'ALTER TABLE users DROP COLUMN legacy_flag',
        waived: false,
      },
      {
        ruleId: 'dropping-column',
        line: 3,
        excerpt: 'ALTER TABLE orders DROP COLUMN legacy_note',
        waived: false,
      },
      {
        ruleId: 'blocking-index-build',
        line: 4,
        excerpt: 'CREATE INDEX users_email_idx ON users (email)',
        waived: false,
      },
    ]);
    for (const finding of report.findings) {
      expect(finding.severity).toBe('error');
      expect(finding.message).toMatch(/^[A-Z].*\.$/);
      expect(finding.fix).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('shortens long statements in the excerpt', async () => {
    const columns = Array.from({ length: 30 }, (_, index) => `DROP COLUMN column_${index}`).join(
      ',\n    ',
    );
    const report = await lint([], `ALTER TABLE users\n    ${columns};`);
    const excerpt = report.findings[0]?.excerpt ?? '';
    expect(excerpt.length).toBe(120);
    expect(excerpt).toMatch(/^ALTER TABLE users DROP COLUMN column_0, DROP COLUMN column_1,.*…$/);
  });

  it('does not block on warnings alone', async () => {
    const report = await lint([], 'ALTER TABLE users ADD COLUMN nickname text;');
    expect(report.findings.map((finding) => finding.severity)).toEqual(['warning']);
    expect(report.blocked).toBe(false);
  });

  it('throws the syntax error of a file that does not parse', async () => {
    await expect(lint([], 'ALTER TABLE users DROP COLUMN;')).rejects.toBeInstanceOf(
      MigrationSyntaxError,
    );
  });
});

describe('waivers', () => {
  it('waive every finding of their rule, with the reason', async () => {
    const report = await lint([
      { rule: 'dropping-column', reason: 'Both columns were unused since release 12.' },
      { rule: 'blocking-index-build', reason: 'users has 40 rows.' },
    ]);
    expect(report.blocked).toBe(false);
    expect(report.findings.map(({ waived, waiverReason }) => ({ waived, waiverReason }))).toEqual([
      { waived: true, waiverReason: 'Both columns were unused since release 12.' },
      { waived: true, waiverReason: 'Both columns were unused since release 12.' },
      { waived: true, waiverReason: 'users has 40 rows.' },
    ]);
  });

  it('with a line, waive only the statement starting on that line', async () => {
    const report = await lint([
      { rule: 'dropping-column', line: 3, reason: 'legacy_note was never read.' },
      { rule: 'blocking-index-build', reason: 'users has 40 rows.' },
    ]);
    expect(report.findings.map(({ line, waived }) => ({ line, waived }))).toEqual([
      { line: 2, waived: false },
      { line: 3, waived: true },
      { line: 4, waived: true },
    ]);
    expect(report.blocked).toBe(true);
  });

  it('are reported as invalid when the rule is unknown', async () => {
    const report = await lint([{ rule: 'dropping-colum', reason: 'typo' }]);
    const invalid = report.findings.filter((finding) => finding.ruleId === 'invalid-waiver');
    expect(invalid).toEqual([
      expect.objectContaining({
        severity: 'error',
        line: null,
        excerpt: 'lint-waivers.json: {"rule":"dropping-colum","reason":"typo"}',
        waived: false,
      }),
    ]);
    expect(invalid[0]?.message).toContain('"dropping-colum", which is not a lint rule');
  });

  it('without a reason are invalid and waive nothing', async () => {
    const report = await lint([
      { rule: 'dropping-column', reason: '  ' },
      { rule: 'blocking-index-build', reason: 'users has 40 rows.' },
    ]);
    expect(
      report.findings
        .filter((finding) => finding.ruleId === 'dropping-column')
        .every((f) => !f.waived),
    ).toBe(true);
    expect(report.findings.at(-1)).toMatchObject({
      ruleId: 'invalid-waiver',
      message: expect.stringContaining('gives no reason'),
    });
    expect(report.blocked).toBe(true);
  });

  it('that match nothing are invalid, so stale waivers do not linger', async () => {
    const report = await lint([
      { rule: 'dropping-column', reason: 'Unused columns.' },
      { rule: 'blocking-index-build', reason: 'users has 40 rows.' },
      { rule: 'dropping-column', line: 4, reason: 'Points at the wrong statement.' },
      { rule: 'renaming-table', reason: 'Nothing is renamed here.' },
    ]);
    const invalid = report.findings.filter((finding) => finding.ruleId === 'invalid-waiver');
    expect(invalid.map(({ line, message }) => ({ line, message }))).toEqual([
      {
        line: 4,
        message: expect.stringContaining('"dropping-column" at line 4 matches no finding'),
      },
      { line: null, message: expect.stringContaining('"renaming-table" matches no finding') },
    ]);
    expect(report.blocked).toBe(true);
  });

  it('can waive a warning', async () => {
    const report = await lint(
      [{ rule: 'missing-lock-timeout', reason: 'Only run by pnpm migrate deploy.' }],
      'ALTER TABLE users ADD COLUMN nickname text;',
    );
    expect(report.findings).toMatchObject([{ ruleId: 'missing-lock-timeout', waived: true }]);
  });
});
