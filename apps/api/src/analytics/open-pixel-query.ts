import { isUUID } from 'class-validator';

export interface OpenPixelQuery {
  publicationId: string;
  channelId?: string;
  subscriberId?: string;
  userId?: string;
}

/**
 * Reads a pixel's query leniently: the pixel answers its GIF whatever the query holds, so a bad
 * query is not an error, it is only not recorded (`undefined`). An optional id that is present but
 * malformed also voids the event rather than being dropped silently.
 */
export function parseOpenPixelQuery(query: Record<string, unknown>): OpenPixelQuery | undefined {
  const publicationId = uuidOf(query.publication_id);
  if (!publicationId) return undefined;
  const optional = {
    channelId: query.channel_id,
    subscriberId: query.subscriber_id,
    userId: query.user_id,
  };
  const parsed: OpenPixelQuery = { publicationId };
  for (const [key, value] of Object.entries(optional) as [keyof typeof optional, unknown][]) {
    if (value === undefined || value === '') continue;
    const id = uuidOf(value);
    if (!id) return undefined;
    parsed[key] = id;
  }
  return parsed;
}

function uuidOf(value: unknown): string | undefined {
  return typeof value === 'string' && isUUID(value, 'loose') ? value.toLowerCase() : undefined;
}
