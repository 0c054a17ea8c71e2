import { nodeAs } from './ast';
import { MigrationSyntaxError } from './migration-syntax-error';
import { controlsTransactions, parseMigrationSql, splitStatements } from './parse-migration-sql';

describe('splitStatements', () => {
  it('keeps semicolons inside strings, quoted identifiers and comments', async () => {
    const sql = [
      `SELECT 'a;b', 'it''s; fine';`,
      `-- a comment; with a semicolon`,
      `SELECT /* block; comment */ 2;`,
      `CREATE TABLE "odd;name" ("col;umn" int);`,
      `SELECT E'escaped \\'; quote' AS e;`,
    ].join('\n');

    expect(await splitStatements(sql)).toEqual([
      `SELECT 'a;b', 'it''s; fine'`,
      `SELECT /* block; comment */ 2`,
      `CREATE TABLE "odd;name" ("col;umn" int)`,
      `SELECT E'escaped \\'; quote' AS e`,
    ]);
  });

  it('keeps dollar-quoted bodies whole, including nested tags', async () => {
    const body = `CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $outer$
BEGIN
    EXECUTE $inner$UPDATE t SET note = 'x;y'$inner$;
    NEW.updated_at := now();
    RETURN NEW;
END
$outer$`;
    const sql = `${body};\nDO $$ BEGIN PERFORM 1; END $$;\nSELECT $tag$ $$ ; $$ $tag$;`;

    expect(await splitStatements(sql)).toEqual([
      body,
      'DO $$ BEGIN PERFORM 1; END $$',
      'SELECT $tag$ $$ ; $$ $tag$',
    ]);
  });

  it('skips empty statements and comment-only files', async () => {
    expect(await splitStatements(';;SELECT 1;;;\n;SELECT 2;')).toEqual(['SELECT 1', 'SELECT 2']);
    expect(await splitStatements('-- nothing to do\n/* really */\n')).toEqual([]);
    expect(await splitStatements('')).toEqual([]);
    expect(await splitStatements(' \n\t')).toEqual([]);
  });

  it('leaves a trailing comment out of a last statement that has no semicolon', async () => {
    expect(await splitStatements('SELECT 1;\nSELECT 2 -- the end\n')).toEqual([
      'SELECT 1',
      'SELECT 2',
    ]);
  });

  it('keeps multi-byte text intact, before and inside statements', async () => {
    const sql = `-- Ünïcødé 😀 header\nSELECT 'é😀' AS face;\nCOMMENT ON TABLE t IS '表';`;
    expect(await splitStatements(sql)).toEqual([
      `SELECT 'é😀' AS face`,
      `COMMENT ON TABLE t IS '表'`,
    ]);
  });
});

describe('parseMigrationSql', () => {
  it('gives each statement its start line, node type and parse tree', async () => {
    const sql = `-- header\n\nCREATE INDEX i ON t (a);\n/* note */ ALTER TABLE t\n    DROP COLUMN b;\n`;
    const { statements, nonTransactional } = await parseMigrationSql(sql);

    expect(nonTransactional).toBe(false);
    expect(statements.map(({ line, type }) => ({ line, type }))).toEqual([
      { line: 3, type: 'IndexStmt' },
      { line: 4, type: 'AlterTableStmt' },
    ]);
    expect(nodeAs(statements[0]?.node, 'IndexStmt')?.relation?.relname).toBe('t');
    expect(statements[1]?.text).toBe('ALTER TABLE t\n    DROP COLUMN b');
  });

  it('counts lines in bytes correctly after multi-byte characters', async () => {
    const sql = `SELECT '😀😀😀';\n-- é\nSELECT 'ü'; SELECT 3;`;
    const { statements } = await parseMigrationSql(sql);
    expect(statements.map(({ line, text }) => ({ line, text }))).toEqual([
      { line: 1, text: `SELECT '😀😀😀'` },
      { line: 3, text: `SELECT 'ü'` },
      { line: 3, text: 'SELECT 3' },
    ]);
  });

  it('flags transaction control statements', async () => {
    const sql =
      'BEGIN; START TRANSACTION; SAVEPOINT s; ROLLBACK TO SAVEPOINT s; COMMIT; END; ROLLBACK; SELECT 1;';
    const { statements } = await parseMigrationSql(sql);
    expect(statements.map((statement) => statement.isTransactionControl)).toEqual([
      true,
      true,
      false,
      false,
      true,
      true,
      true,
      false,
    ]);
  });

  it('reads the no-transaction directive', async () => {
    const { nonTransactional } = await parseMigrationSql(
      '-- migrate:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);',
    );
    expect(nonTransactional).toBe(true);
  });

  it('ignores a byte order mark', async () => {
    const { statements } = await parseMigrationSql('\uFEFFSELECT 1;\nSELECT 2;');
    expect(statements.map(({ line, text }) => ({ line, text }))).toEqual([
      { line: 1, text: 'SELECT 1' },
      { line: 2, text: 'SELECT 2' },
    ]);
  });

  it('reports a syntax error with its line, column and line text', async () => {
    const sql = `SELECT 1;\n\n  ALTER TABLE t ADD COLUMN;\n`;
    const error = await parseMigrationSql(sql).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MigrationSyntaxError);
    expect(error).toMatchObject({
      reason: 'syntax error at or near ";"',
      line: 3,
      column: 27,
      lineText: '  ALTER TABLE t ADD COLUMN;',
    });
    expect((error as MigrationSyntaxError).describe('migration.sql')).toBe(
      `migration.sql:3:27: syntax error at or near ";"\n    ALTER TABLE t ADD COLUMN;\n                            ^`,
    );
  });

  it('counts a syntax error column in characters after multi-byte text', async () => {
    const sql = `SELECT 'é😀';\nSELECT '表', 1 +;`;
    const error = await parseMigrationSql(sql).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ line: 2, column: 16, lineText: `SELECT '表', 1 +;` });
  });

  it('reports an unterminated dollar quote where it starts', async () => {
    const sql = `SELECT 1;\nDO $body$ BEGIN PERFORM 1; END $bdy$;\n`;
    const error = await parseMigrationSql(sql).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ line: 2, column: 4 });
    expect((error as MigrationSyntaxError).reason).toMatch(/unterminated dollar-quoted string/);
  });
});

describe('controlsTransactions', () => {
  it('finds BEGIN/COMMIT and two-phase commands, but not in a no-transaction file', async () => {
    expect(await controlsTransactions('CREATE TABLE a (id int);')).toBe(false);
    expect(await controlsTransactions('BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;')).toBe(true);
    expect(await controlsTransactions("SELECT 1;\nCOMMIT PREPARED 'x';")).toBe(true);
    expect(await controlsTransactions('SAVEPOINT s;\nRELEASE SAVEPOINT s;')).toBe(false);
    expect(
      await controlsTransactions(
        '-- migrate:no-transaction\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON a (id);',
      ),
    ).toBe(false);
  });

  it('throws the same located syntax error as parseMigrationSql', async () => {
    const sql = 'CREATE TABLE a (id int);\nCREATE TABLE b (id int,);';
    const light = await controlsTransactions(sql).catch((error: unknown) => error);
    const full = await parseMigrationSql(sql).catch((error: unknown) => error);
    expect(light).toBeInstanceOf(MigrationSyntaxError);
    expect(light).toEqual(full);
  });
});
