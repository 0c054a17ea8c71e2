const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  euro: '€',
};

/** Decodes character references (named ones above, decimal and hex); unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (reference, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X'
          ? parseInt(body.slice(2), 16)
          : parseInt(body.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : reference;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? reference;
  });
}

/**
 * The plain-text alternative of an email's HTML: block elements become line breaks, list items
 * dashes, links "text (url)"; head, style and script content and every other tag are dropped.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(head|style|script|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<img\b[^>]*>/gi, (tag) => {
      const alt = /\balt\s*=\s*("([^"]*)"|'([^']*)')/i.exec(tag);
      return alt ? (alt[2] ?? alt[3] ?? '') : '';
    })
    .replace(
      /<a\b[^>]*?\bhref\s*=\s*("([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a\s*>/gi,
      (_match, _quoted, double: string | undefined, single: string | undefined, inner: string) => {
        const href = decodeEntities(double ?? single ?? '').trim();
        const label = inner.replace(/<[^>]*>/g, '').trim();
        const shown = decodeEntities(label);
        if (!/^(https?:|mailto:)/i.test(href) || href === shown || href === `mailto:${shown}`) {
          return label;
        }
        return label ? `${label} (${href})` : href;
      },
    )
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<hr\b[^>]*>/gi, '\n----\n')
    .replace(/<\/(p|div|h[1-6]|ul|ol|table|blockquote|section|article|header|footer)\s*>/gi, '\n\n')
    .replace(
      /<(p|div|h[1-6]|ul|ol|table|blockquote|section|article|header|footer)\b[^>]*>/gi,
      '\n\n',
    )
    .replace(/<\/(tr|li)\s*>/gi, '\n')
    .replace(/<\/t[dh]\s*>/gi, ' ')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Plain text as HTML paragraphs (blank lines separate paragraphs, single newlines become `<br>`). */
export function textToHtml(text: string, escape: (text: string) => string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) => `<p>${escape(paragraph).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}
