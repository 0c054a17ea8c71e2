import type { SqlTag, SqlValue } from '@publishing/db/data-migration';
import type pg from 'pg';

/** `ctx.sql`: the template's text with `$n` placeholders, and its values bound, on `client`. */
export function createSqlTag(client: pg.ClientBase): SqlTag {
  return async <Row>(strings: TemplateStringsArray, ...values: SqlValue[]) => {
    const text = strings.reduce((sql, part, index) => `${sql}$${index}${part}`);
    const result = await client.query(text, values as unknown[]);
    return result.rows as Row[];
  };
}
