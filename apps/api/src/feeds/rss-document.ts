/** One `<item>` of an RSS 2.0 feed. */
export interface RssItem {
  /** Not a URL: written with `isPermaLink="false"`. */
  guid: string;
  title: string;
  /** HTML, as RSS readers treat `<description>`; it is XML-escaped once more here. */
  descriptionHtml?: string;
  pubDate?: Date;
}

export interface RssFeed {
  title: string;
  link: string;
  description: string;
  /** The feed's own URL (`atom:link rel="self"`, which feed validators ask for). */
  selfUrl: string;
  /** Minutes a reader may cache the feed. */
  ttlMinutes: number;
  items: RssItem[];
}

// XML 1.0 cannot carry these at all, not even as character references: control characters other
// than tab, LF and CR, unpaired surrogates, U+FFFE and U+FFFF. Publication variables can hold them.
const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text as XML character data or an attribute value: escaped, characters XML cannot hold dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHARACTER, '')
    .replace(/[&<>"']/g, (character) => XML_ESCAPES[character] ?? character);
}

/** RSS dates are RFC 822 (`Tue, 25 Nov 2025 14:04:00 GMT`), which `toUTCString` writes. */
function rfc822(date: Date): string {
  return date.toUTCString();
}

function element(name: string, text: string, indent: string): string {
  return `${indent}<${name}>${escapeXml(text)}</${name}>`;
}

/** An RSS 2.0 document; every text and attribute value goes through `escapeXml`. */
export function rssDocument(feed: RssFeed): string {
  const newest = feed.items.find((item) => item.pubDate !== undefined)?.pubDate;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '  <channel>',
    element('title', feed.title, '    '),
    element('link', feed.link, '    '),
    element('description', feed.description, '    '),
    `    <atom:link href="${escapeXml(feed.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    ...(newest ? [element('lastBuildDate', rfc822(newest), '    ')] : []),
    element('ttl', String(feed.ttlMinutes), '    '),
    ...feed.items.flatMap((item) => [
      '    <item>',
      element('title', item.title, '      '),
      ...(item.descriptionHtml ? [element('description', item.descriptionHtml, '      ')] : []),
      `      <guid isPermaLink="false">${escapeXml(item.guid)}</guid>`,
      ...(item.pubDate ? [element('pubDate', rfc822(item.pubDate), '      ')] : []),
      '    </item>',
    ]),
    '  </channel>',
    '</rss>',
    '',
  ];
  return lines.join('\n');
}
