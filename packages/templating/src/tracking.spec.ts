import { createHmac } from 'node:crypto';
import { addEmailTracking } from './email-tracking';
import { htmlToText } from './html-to-text';
import {
  clickSignature,
  openPixelUrl,
  signedClickUrl,
  verifyClickSignature,
} from './tracking-links';
import {
  createUnsubscribeToken,
  unsubscribeUrl,
  verifyUnsubscribeToken,
} from './unsubscribe-token';

const SECRET = 'a-test-signing-secret-of-at-least-32-chars';
const settings = { apiBaseUrl: 'https://api.example.com/', signingSecret: SECRET };
const ids = {
  publicationId: '11111111-1111-4111-8111-111111111111',
  channelId: '22222222-2222-4222-8222-222222222222',
  subscriberId: '33333333-3333-4333-8333-333333333333',
};

describe('click links (compatible with the API tracking endpoint)', () => {
  it('signs the canonical form: label, publication, channel, subscriber, url, one per line', () => {
    const url = 'https://example.com/a?b=1&c=2';
    const expected = createHmac('sha256', SECRET)
      .update(
        `publishing-click-v1\n${ids.publicationId}\n${ids.channelId}\n${ids.subscriberId}\n${url}`,
      )
      .digest('base64url');
    expect(
      clickSignature(SECRET, { ...ids, url, publicationId: ids.publicationId.toUpperCase() }),
    ).toBe(expected);
    const link = new URL(signedClickUrl(settings, { ...ids, url }));
    expect(link.origin + link.pathname).toBe(
      'https://api.example.com/api/v1/analytics/engagement/track/click',
    );
    expect([...link.searchParams.keys()]).toEqual([
      'publication_id',
      'url',
      'channel_id',
      'subscriber_id',
      'sig',
    ]);
    expect(link.searchParams.get('url')).toBe(url);
    expect(verifyClickSignature(SECRET, { ...ids, url }, link.searchParams.get('sig') ?? '')).toBe(
      true,
    );
    expect(
      verifyClickSignature(SECRET, { ...ids, url: `${url}x` }, link.searchParams.get('sig') ?? ''),
    ).toBe(false);
  });

  it('refuses non-http destinations', () => {
    expect(() => signedClickUrl(settings, { ...ids, url: 'javascript:alert(1)' })).toThrow();
  });
});

describe('addEmailTracking', () => {
  it('rewrites http(s) links, keeps mailto and skipped links, adds the pixel before </body>', () => {
    const unsubscribe = 'https://api.example.com/api/v1/unsubscribe?token=t';
    const html =
      '<html><body><a class="x" href="https://example.com/?a=1&amp;b=2">Read</a> ' +
      '<a href=\'mailto:hi@example.com\'>Mail</a> <a href="#top">Top</a> ' +
      `<a href="${unsubscribe}">Unsubscribe</a></body></html>`;
    const tracked = addEmailTracking(html, settings, ids, { skipUrls: [unsubscribe] });
    const hrefs = [...tracked.matchAll(/href=["']([^"']*)["']/g)].map((match) => match[1]);
    const click = new URL((hrefs[0] ?? '').replace(/&amp;/g, '&'));
    expect(click.pathname).toBe('/api/v1/analytics/engagement/track/click');
    expect(click.searchParams.get('url')).toBe('https://example.com/?a=1&b=2');
    expect(
      verifyClickSignature(
        SECRET,
        { ...ids, url: 'https://example.com/?a=1&b=2' },
        click.searchParams.get('sig') ?? '',
      ),
    ).toBe(true);
    expect(hrefs.slice(1)).toEqual(['mailto:hi@example.com', '#top', unsubscribe]);
    const pixel = openPixelUrl(settings, ids).replace(/&/g, '&amp;');
    expect(tracked).toContain(`<img src="${pixel}" width="1" height="1"`);
    expect(tracked.indexOf(pixel)).toBeLessThan(tracked.indexOf('</body>'));
    expect(htmlToText(tracked)).not.toContain('track/open');
  });
});

describe('addEmailTracking on HTML a regular expression misreads', () => {
  const clickOf = (url: string) => signedClickUrl(settings, { ...ids, url }).replace(/&/g, '&amp;');

  it('rewrites single-quoted, unquoted and uppercase hrefs, keeping every other byte', () => {
    const html =
      "<P><A HREF='https://a.example/x?y=1&amp;z=2' CLASS=big>A</A> " +
      '<a href=https://b.example/b>B</a> ' +
      '<a data-note="1 > 0" href = "https://c.example/">C</a></P>';
    const tracked = addEmailTracking(html, settings, ids);
    expect(tracked).toBe(
      `<P><A HREF="${clickOf('https://a.example/x?y=1&z=2')}" CLASS=big>A</A> ` +
        `<a href="${clickOf('https://b.example/b')}">B</a> ` +
        `<a data-note="1 > 0" href = "${clickOf('https://c.example/')}">C</a></P>` +
        `\n<img src="${openPixelUrl(settings, ids).replace(/&/g, '&amp;')}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px" />`,
    );
  });

  it('leaves comments, attribute values, tel:, mailto:, anchors and non-anchor hrefs alone', () => {
    const html =
      '<html><body><!-- <a href="https://hidden.example/">old</a> </body> -->' +
      '<img alt=\'<a href="https://alt.example/">\' src="https://img.example/i.png">' +
      '<link href="https://css.example/s.css"><a href="tel:+123">T</a><a href="mailto:x@y.z">M</a>' +
      '<a href="#top">Top</a><a name="n">N</a></body></html>';
    const tracked = addEmailTracking(html, settings, ids);
    const bodyEnd = html.lastIndexOf('</body>');
    expect(tracked.slice(0, bodyEnd)).toBe(html.slice(0, bodyEnd));
    expect(tracked.slice(bodyEnd)).toMatch(
      /^<img src="[^"]+track\/open[^"]+" [^>]+>\n<\/body><\/html>$/,
    );
  });

  it('uses the first href of an anchor, as a browser does', () => {
    const tracked = addEmailTracking(
      '<a href="https://first.example/" href="https://second.example/">x</a>',
      settings,
      ids,
    );
    expect(tracked).toContain(
      `<a href="${clickOf('https://first.example/')}" href="https://second.example/">`,
    );
  });
});

describe('unsubscribe tokens', () => {
  it('round-trips the subscriber (and the publication when given)', () => {
    const withPublication = createUnsubscribeToken(SECRET, {
      subscriberId: ids.subscriberId,
      publicationId: ids.publicationId,
    });
    expect(verifyUnsubscribeToken(SECRET, withPublication)).toEqual({
      subscriberId: ids.subscriberId,
      publicationId: ids.publicationId,
    });
    const bare = createUnsubscribeToken(SECRET, { subscriberId: ids.subscriberId.toUpperCase() });
    expect(bare).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(verifyUnsubscribeToken(SECRET, bare)).toEqual({ subscriberId: ids.subscriberId });
    expect(unsubscribeUrl('https://api.example.com/', bare)).toBe(
      `https://api.example.com/api/v1/unsubscribe?token=${bare}`,
    );
  });

  it('rejects tampered, re-targeted, foreign and malformed tokens', () => {
    const token = createUnsubscribeToken(SECRET, {
      subscriberId: ids.subscriberId,
      publicationId: ids.publicationId,
    });
    const [payload = '', signature = ''] = token.split('.');
    const other = createUnsubscribeToken(SECRET, { subscriberId: ids.channelId }).split('.')[0];
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    expect(verifyUnsubscribeToken(SECRET, `${payload}.${flipped}`)).toBeUndefined();
    expect(verifyUnsubscribeToken(SECRET, `${other}.${signature}`)).toBeUndefined();
    expect(verifyUnsubscribeToken(`${SECRET}!`, token)).toBeUndefined();
    for (const bad of [
      undefined,
      '',
      'x.y',
      `${payload}.${signature}.x`,
      `${payload}${signature}`,
    ]) {
      expect(verifyUnsubscribeToken(SECRET, bad)).toBeUndefined();
    }
  });
});
