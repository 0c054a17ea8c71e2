import { escapeHtml } from './escape';
import { decodeEntities } from './html-to-text';
import {
  isRedirectableUrl,
  openPixelUrl,
  signedClickUrl,
  type TrackingLinkSettings,
} from './tracking-links';

export interface EmailTrackingIds {
  publicationId: string;
  channelId?: string | null;
  subscriberId?: string | null;
}

export interface EmailTrackingOptions {
  /** Links left as they are (the unsubscribe link must reach its page, not the click tracker). */
  skipUrls?: readonly string[];
}

const ANCHOR_HREF = /(<a\b[^>]*?\bhref\s*=\s*)("([^"]*)"|'([^']*)')/gi;

/**
 * Rewrites every http(s) `<a href>` of an email's HTML to a signed click link and adds the open
 * pixel (before `</body>` when there is one). Other links (mailto:, anchors) are kept.
 */
export function addEmailTracking(
  html: string,
  settings: TrackingLinkSettings,
  ids: EmailTrackingIds,
  options: EmailTrackingOptions = {},
): string {
  const skip = new Set(options.skipUrls ?? []);
  const linked = html.replace(
    ANCHOR_HREF,
    (match, prefix: string, _quoted, double: string | undefined, single: string | undefined) => {
      const url = decodeEntities(double ?? single ?? '').trim();
      if (!isRedirectableUrl(url) || skip.has(url)) return match;
      const tracked = signedClickUrl(settings, { ...ids, url });
      return `${prefix}"${escapeHtml(tracked)}"`;
    },
  );
  const pixel = `<img src="${escapeHtml(openPixelUrl(settings, ids))}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px" />`;
  const bodyEnd = linked.search(/<\/body\s*>/i);
  return bodyEnd === -1
    ? `${linked}\n${pixel}`
    : `${linked.slice(0, bodyEnd)}${pixel}\n${linked.slice(bodyEnd)}`;
}
