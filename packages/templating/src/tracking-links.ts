import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed click links and open pixels, byte-compatible with the API's tracking endpoints
 * (`apps/api/src/analytics/tracking-links.ts`): same path, same query parameters, same canonical
 * form and signature, so a link this package signs is accepted there.
 */
/**
 * The signing secret the API and the worker fall back to outside production (where SIGNING_SECRET
 * is required), so links the local worker signs verify in the local API.
 */
export const DEVELOPMENT_SIGNING_SECRET = 'development-only-signing-secret-change-me!';

export interface TrackingLinkSettings {
  /** The API's public base URL, without a trailing slash (e.g. `https://api.example.com`). */
  apiBaseUrl: string;
  signingSecret: string;
}

export interface ClickLinkParams {
  publicationId: string;
  url: string;
  channelId?: string | null;
  subscriberId?: string | null;
}

export interface OpenPixelParams {
  publicationId: string;
  channelId?: string | null;
  subscriberId?: string | null;
}

export const TRACKING_PATH = '/api/v1/analytics/engagement/track';

export function isRedirectableUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * HMAC-SHA256 (base64url, 43 characters) over the canonical form, one field per line:
 * `publishing-click-v1`, publication id, channel id, subscriber id (ids lower-cased, absent ones
 * empty), then the destination URL exactly as given.
 */
export function clickSignature(secret: string, link: ClickLinkParams): string {
  const canonical = [
    'publishing-click-v1',
    link.publicationId.toLowerCase(),
    (link.channelId ?? '').toLowerCase(),
    (link.subscriberId ?? '').toLowerCase(),
    link.url,
  ].join('\n');
  return createHmac('sha256', secret).update(canonical, 'utf8').digest('base64url');
}

export function verifyClickSignature(
  secret: string,
  link: ClickLinkParams,
  signature: string | undefined,
): boolean {
  if (!signature || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return false;
  const expected = Buffer.from(clickSignature(secret, link), 'base64url');
  const presented = Buffer.from(signature, 'base64url');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/** `<api>/api/v1/analytics/engagement/track/click?publication_id&url[&channel_id][&subscriber_id]&sig`. */
export function signedClickUrl(settings: TrackingLinkSettings, link: ClickLinkParams): string {
  if (!isRedirectableUrl(link.url)) {
    throw new Error('Only http(s) URLs can be turned into tracked links.');
  }
  const query = new URLSearchParams({ publication_id: link.publicationId, url: link.url });
  if (link.channelId) query.set('channel_id', link.channelId);
  if (link.subscriberId) query.set('subscriber_id', link.subscriberId);
  query.set('sig', clickSignature(settings.signingSecret, link));
  return `${trimSlash(settings.apiBaseUrl)}${TRACKING_PATH}/click?${query.toString()}`;
}

/** The open pixel: unsigned, as the API records an open only for ids naming existing rows. */
export function openPixelUrl(settings: TrackingLinkSettings, pixel: OpenPixelParams): string {
  const query = new URLSearchParams({ publication_id: pixel.publicationId });
  if (pixel.channelId) query.set('channel_id', pixel.channelId);
  if (pixel.subscriberId) query.set('subscriber_id', pixel.subscriberId);
  return `${trimSlash(settings.apiBaseUrl)}${TRACKING_PATH}/open?${query.toString()}`;
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
