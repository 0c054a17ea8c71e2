import { escapeHtml, isRedirectableUrl } from '@publishing/templating';
import { htmlPage } from '../common/html-page';

/**
 * Sent with the legacy click page: nothing on it may run or load (the destination is the
 * client's input), and the destination is not told which tracking link led there.
 */
export const LEGACY_CLICK_PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
  'Referrer-Policy': 'no-referrer',
};

/**
 * The answer to an unsigned click link (emails the Python service sent): no redirect, which
 * would reopen the open redirect, but a page naming the destination, linked when it is http(s).
 */
export function legacyClickPage(url: string): string {
  const shown = `<p style="overflow-wrap: anywhere"><code>${escapeHtml(url)}</code></p>`;
  if (!isRedirectableUrl(url)) {
    return htmlPage(
      'This link cannot be opened',
      `<p>It does not lead to a web page:</p>\n${shown}`,
    );
  }
  const href = escapeHtml(new URL(url).href);
  return htmlPage(
    'Continue to this link?',
    `<p>The email you came from links to:</p>
${shown}
<p><a href="${href}" rel="noopener noreferrer nofollow">Continue</a></p>`,
  );
}
