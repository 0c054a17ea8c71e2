import { createHmac, timingSafeEqual } from 'node:crypto';

/** Where tracking links point and the key their signatures use (both from `AppConfig`). */
export interface TrackingLinkSettings {
  apiBaseUrl: string;
  signingSecret: string;
}

/** The parameters a click link carries; the signature covers exactly these. */
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

/** Only these destinations are ever signed or followed. */
export function isRedirectableUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The HMAC-SHA256 (base64url) of the canonical form of a click link: a purpose label and the
 * parameters in a fixed order, one per line (ids lower-cased, absent ones empty). A newline cannot
 * occur in a UUID, so no two different links share a canonical form.
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

/** Whether `signature` was made by `clickSignature` with this secret; constant-time comparison. */
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

/** The click-tracking URL for a link in a publication; refuses anything but http(s) targets. */
export function signedClickUrl(settings: TrackingLinkSettings, link: ClickLinkParams): string {
  if (!isRedirectableUrl(link.url)) {
    throw new Error('Only http(s) URLs can be turned into tracked links.');
  }
  const query = new URLSearchParams({ publication_id: link.publicationId, url: link.url });
  if (link.channelId) query.set('channel_id', link.channelId);
  if (link.subscriberId) query.set('subscriber_id', link.subscriberId);
  query.set('sig', clickSignature(settings.signingSecret, link));
  return `${settings.apiBaseUrl}${TRACKING_PATH}/click?${query.toString()}`;
}

/** The open-tracking pixel URL for one publication (and channel / subscriber when known). */
export function openPixelUrl(settings: TrackingLinkSettings, pixel: OpenPixelParams): string {
  const query = new URLSearchParams({ publication_id: pixel.publicationId });
  if (pixel.channelId) query.set('channel_id', pixel.channelId);
  if (pixel.subscriberId) query.set('subscriber_id', pixel.subscriberId);
  return `${settings.apiBaseUrl}${TRACKING_PATH}/open?${query.toString()}`;
}
