import { decodeListCursor, encodeListCursor } from './list-cursor';

describe('list cursors', () => {
  const row = {
    createdAt: new Date('2026-12-02T03:04:05.678Z'),
    id: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  };

  it('decode what they encode, as URL-safe text', () => {
    const cursor = encodeListCursor(row);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeListCursor(cursor)).toEqual(row);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('{').toString('base64url')],
    ['an object', Buffer.from('{"t":1}').toString('base64url')],
    [
      'a time that is not ISO',
      Buffer.from(JSON.stringify(['yesterday', row.id])).toString('base64url'),
    ],
    [
      'a non-canonical time',
      Buffer.from(JSON.stringify(['2026-12-02T03:04:05Z', row.id])).toString('base64url'),
    ],
    [
      'an id that is not a UUID',
      Buffer.from(JSON.stringify([row.createdAt.toISOString(), "1' OR 1=1"])).toString('base64url'),
    ],
    ['too long', 'a'.repeat(201)],
  ])('refuse %s', (_, text) => {
    expect(decodeListCursor(text)).toBeUndefined();
  });
});
