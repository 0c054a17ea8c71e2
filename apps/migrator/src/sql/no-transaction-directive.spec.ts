import { isNonTransactional } from './no-transaction-directive';

describe('isNonTransactional', () => {
  it('finds the directive among the header comments', () => {
    expect(
      isNonTransactional('-- migrate:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);'),
    ).toBe(true);
    expect(
      isNonTransactional(
        '-- Build the index online.\n\n  -- migrate:no-transaction\n/* more */\nSELECT 1;',
      ),
    ).toBe(true);
    expect(
      isNonTransactional('-- migrate:no-transaction (CREATE INDEX CONCURRENTLY below)\nSELECT 1;'),
    ).toBe(true);
  });

  it('ignores the directive after the first statement, inside a block comment or misspelt', () => {
    expect(isNonTransactional('SELECT 1;\n-- migrate:no-transaction\n')).toBe(false);
    expect(isNonTransactional('/* -- migrate:no-transaction */\nSELECT 1;')).toBe(false);
    expect(isNonTransactional('-- migrate:no-transactions\nSELECT 1;')).toBe(false);
    expect(isNonTransactional("SELECT '\n-- migrate:no-transaction\n';")).toBe(false);
  });
});
