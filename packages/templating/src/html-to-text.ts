import { compile, type FormatCallback } from 'html-to-text';

/** Images show their alt text only: their address means nothing in a plain-text email. */
const altText: FormatCallback = (element, _walk, builder) => {
  const alt = (element as { attribs?: Record<string, string> }).attribs?.alt;
  if (alt) builder.addInline(alt);
};

const convert = compile({
  // Lines are left as long as the HTML has them: mail clients wrap, and a subject is read from the first.
  wordwrap: false,
  formatters: { altText },
  selectors: [
    {
      selector: 'a',
      options: { linkBrackets: ['(', ')'], hideLinkHrefIfSameAsText: true, noAnchorUrl: true },
    },
    { selector: 'img', format: 'altText' },
    { selector: 'ul', options: { itemPrefix: '- ' } },
    ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((selector) => ({
      selector,
      options: { uppercase: false },
    })),
    // Emails lay out with tables: a row is a line, its cells words of it.
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'td', format: 'inlineSurround', options: { suffix: ' ' } },
    { selector: 'th', format: 'inlineSurround', options: { suffix: ' ' } },
  ],
});

/**
 * The plain-text alternative of an email's HTML (html-to-text): block elements become line
 * breaks, list items dashes, links "text (url)"; head, style and script content are dropped.
 */
export function htmlToText(html: string): string {
  return convert(html)
    .replace(/[ \t]+$/gm, '')
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
