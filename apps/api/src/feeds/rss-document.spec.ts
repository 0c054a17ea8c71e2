import { escapeXml, rssDocument } from './rss-document';

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;',
    );
  });

  it('drops what XML 1.0 cannot carry and keeps tab, newlines and astral characters', () => {
    expect(escapeXml('a\u0000b\u0001c\u001fd\ud800e\udc00f\ufffe\uffffg')).toBe('abcdefg');
    expect(escapeXml('tab\tnew\nline\r🙂 中文')).toBe('tab\tnew\nline\r🙂 中文');
  });
});

describe('rssDocument', () => {
  it('writes an RSS 2.0 document with a self link, its newest date and one item per entry', () => {
    const xml = rssDocument({
      title: 'News & views',
      link: 'https://news.example.com/?a=1&b=2',
      description: 'All the <news>',
      selfUrl: 'https://api.example.com/api/v1/channels/c/feed.rss',
      ttlMinutes: 1,
      items: [
        {
          guid: 'p2',
          title: 'Second',
          descriptionHtml: '<p>Two &amp; more</p>',
          pubDate: new Date(Date.UTC(2025, 10, 25, 9, 30)),
        },
        { guid: 'p1', title: 'First' },
      ],
    });

    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
        '  <channel>',
        '    <title>News &amp; views</title>',
        '    <link>https://news.example.com/?a=1&amp;b=2</link>',
        '    <description>All the &lt;news&gt;</description>',
        '    <atom:link href="https://api.example.com/api/v1/channels/c/feed.rss" rel="self" type="application/rss+xml"/>',
        '    <lastBuildDate>Tue, 25 Nov 2025 09:30:00 GMT</lastBuildDate>',
        '    <ttl>1</ttl>',
        '    <item>',
        '      <title>Second</title>',
        '      <description>&lt;p&gt;Two &amp;amp; more&lt;/p&gt;</description>',
        '      <guid isPermaLink="false">p2</guid>',
        '      <pubDate>Tue, 25 Nov 2025 09:30:00 GMT</pubDate>',
        '    </item>',
        '    <item>',
        '      <title>First</title>',
        '      <guid isPermaLink="false">p1</guid>',
        '    </item>',
        '  </channel>',
        '</rss>',
        '',
      ].join('\n'),
    );
  });
});
