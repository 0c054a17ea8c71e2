/**
 * A case-insensitive "contains" filter on user text. Prisma passes the text into an ILIKE pattern
 * as is, so `%`, `_` and `\` are escaped to match themselves.
 */
export function containsText(text: string): { contains: string; mode: 'insensitive' } {
  return { contains: text.replace(/[\\%_]/g, '\\$&'), mode: 'insensitive' };
}
