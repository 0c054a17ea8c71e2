import {
  clickSignature,
  openPixelUrl,
  signedClickUrl,
  verifyClickSignature,
} from './tracking-links';

const settings = { apiBaseUrl: 'https://api.example.test', signingSecret: 's'.repeat(32) };
const link = {
  publicationId: '6f1c2a47-3a55-4d0e-9b8e-0c7d0b6c2f11',
  channelId: '0b8f7f0e-56a4-4a8e-8f6b-2a3e9d1c4b22',
  subscriberId: '9d2e4c61-7b3f-4f1a-a2d5-5e6f7a8b9c33',
  url: 'https://example.test/read?x=1&y=2',
};

describe('tracking links', () => {
  it('signs exactly the parameters the click URL carries', () => {
    const url = new URL(signedClickUrl(settings, link));

    expect(url.origin + url.pathname).toBe(
      'https://api.example.test/api/v1/analytics/engagement/track/click',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      publication_id: link.publicationId,
      url: link.url,
      channel_id: link.channelId,
      subscriber_id: link.subscriberId,
      sig: clickSignature(settings.signingSecret, link),
    });
    expect(
      verifyClickSignature(settings.signingSecret, link, url.searchParams.get('sig') ?? ''),
    ).toBe(true);
  });

  it('refuses any change of a parameter, of the secret, or a malformed signature', () => {
    const sig = clickSignature(settings.signingSecret, link);

    expect(
      verifyClickSignature(settings.signingSecret, { ...link, url: `${link.url}#x` }, sig),
    ).toBe(false);
    expect(
      verifyClickSignature(settings.signingSecret, { ...link, channelId: undefined }, sig),
    ).toBe(false);
    expect(verifyClickSignature(settings.signingSecret, { ...link, subscriberId: null }, sig)).toBe(
      false,
    );
    expect(verifyClickSignature('t'.repeat(32), link, sig)).toBe(false);
    expect(verifyClickSignature(settings.signingSecret, link, undefined)).toBe(false);
    expect(verifyClickSignature(settings.signingSecret, link, `${sig}=`)).toBe(false);
    expect(verifyClickSignature(settings.signingSecret, link, sig.slice(0, -1))).toBe(false);
  });

  it('does not let a parameter bleed into its neighbour', () => {
    const a = clickSignature(settings.signingSecret, {
      publicationId: link.publicationId,
      url: 'https://a.test/',
      channelId: '',
    });
    const b = clickSignature(settings.signingSecret, {
      publicationId: link.publicationId,
      url: 'https://a.test/',
    });

    expect(a).toBe(b); // absent and empty are the same link
    expect(clickSignature(settings.signingSecret, { ...link, subscriberId: undefined })).not.toBe(
      clickSignature(settings.signingSecret, { ...link, channelId: undefined }),
    );
  });

  it('accepts ids in any case (PostgreSQL does)', () => {
    const sig = clickSignature(settings.signingSecret, link);
    expect(
      verifyClickSignature(
        settings.signingSecret,
        { ...link, publicationId: link.publicationId.toUpperCase() },
        sig,
      ),
    ).toBe(true);
  });

  it('refuses to sign anything but http(s) destinations', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,x', '//evil.test/', 'not a url']) {
      expect(() => signedClickUrl(settings, { ...link, url })).toThrow(/http/);
    }
  });

  it('builds the open pixel URL', () => {
    expect(
      openPixelUrl(settings, { publicationId: link.publicationId, channelId: link.channelId }),
    ).toBe(
      `https://api.example.test/api/v1/analytics/engagement/track/open?publication_id=${link.publicationId}&channel_id=${link.channelId}`,
    );
  });
});
