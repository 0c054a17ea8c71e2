/**
 * The opaque `after` cursor: base64url of the last row's sort key. `createdAt` is only a bound
 * for the index scan (JavaScript dates stop at milliseconds, the column keeps microseconds); the
 * row's `id` places the cursor exactly.
 */
export interface ListCursor {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_CURSOR_LENGTH = 200;

export function encodeListCursor(row: ListCursor): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url');
}

/** The cursor, or undefined when the text is not one this API wrote. */
export function decodeListCursor(text: string): ListCursor | undefined {
  if (text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) return undefined;
  const [time, id] = decoded as unknown[];
  if (typeof time !== 'string' || typeof id !== 'string' || !UUID.test(id)) return undefined;
  const createdAt = new Date(time);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== time) return undefined;
  return { createdAt, id };
}
