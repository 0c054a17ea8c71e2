import { escapeHtml } from './escape';
import { rewriteAnchorHrefs } from './rewrite-anchor-hrefs';
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

/**
 * Rewrites the href of every `<a>` of an email's HTML that points to an http(s) URL to a signed
 * click link and adds the open pixel (before `</body>` when there is one). Other links (mailto:,
 * tel:, #anchors) and the skipped ones are kept, and so is every other byte of the HTML.
 */
export function addEmailTracking(
  html: string,
  settings: TrackingLinkSettings,
  ids: EmailTrackingIds,
  options: EmailTrackingOptions = {},
): string {
  const skip = new Set(options.skipUrls ?? []);
  const linked = rewriteAnchorHrefs(html, (url) =>
    isRedirectableUrl(url) && !skip.has(url)
      ? signedClickUrl(settings, { ...ids, url })
      : undefined,
  );
  const pixel = `<img src="${escapeHtml(openPixelUrl(settings, ids))}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px" />`;
  const { html: rewritten, bodyEnd } = linked;
  return bodyEnd === -1
    ? `${rewritten}\n${pixel}`
    : `${rewritten.slice(0, bodyEnd)}${pixel}\n${rewritten.slice(bodyEnd)}`;
}
