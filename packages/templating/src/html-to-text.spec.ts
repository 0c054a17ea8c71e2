import { htmlToText, textToHtml } from './html-to-text';
import { escapeHtml } from './escape';

describe('htmlToText (the text alternative of an email)', () => {
  it('keeps what a reader needs: headings, paragraphs, lists, table rows, links and alt text', () => {
    const html =
      '<html><head><title>T</title><style>p { color: red }</style></head><body>' +
      '<script>alert(1)</script><h1>Caf&eacute; &amp; news &hearts;&#8230;</h1>' +
      '<p>Read <a href="https://example.com/a?b=1&amp;c=2">the post</a>, write to ' +
      '<a href="mailto:ed@example.com">ed@example.com</a>, see <a href="https://example.com">https://example.com</a> ' +
      'or go <a href="#top">up</a>.</p><p></p><p></p>' +
      '<ul><li>one</li><li>two</li></ul>' +
      '<table><tr><td>Price</td><td>10&nbsp;&euro;</td></tr><tr><td>Tax</td><td>2</td></tr></table>' +
      '<img src="https://example.com/logo.png" alt="ACME logo"><img src="https://example.com/pixel.gif">' +
      '<p>Line one<br>line two</p></body></html>';
    expect(htmlToText(html)).toBe(
      [
        'Café & news ♥…',
        '',
        'Read the post (https://example.com/a?b=1&c=2), write to ed@example.com, see https://example.com or go up.',
        '',
        '- one',
        '- two',
        '',
        'Price 10\u00a0€',
        'Tax 2',
        '',
        'ACME logo',
        '',
        'Line one',
        'line two',
      ].join('\n'),
    );
  });

  it('does not wrap long lines (mail clients do)', () => {
    const long = 'word '.repeat(60).trim();
    expect(htmlToText(`<p>${long}</p>`)).toBe(long);
  });
});

describe('textToHtml', () => {
  it('makes paragraphs of blank-line separated text, escaped', () => {
    expect(textToHtml('a <b>\nc\n\n\nd', escapeHtml)).toBe('<p>a &lt;b&gt;<br>\nc</p>\n<p>d</p>');
  });
});
