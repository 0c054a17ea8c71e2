import { findUnstorableText } from './unstorable-text';

describe('findUnstorableText', () => {
  it('names the dotted path of each bad value, and the object holding a bad key', () => {
    expect(
      findUnstorableText(
        { a: ['ok', 'x\u0000'], b: { c: '\ud800' }, d: { ['\udc00']: 1 }, e: '🙂 \ud83d\ude00' },
        'body',
      ).map((error) => error.field),
    ).toEqual(['d', 'a.1', 'b.c']);
  });

  it('names the location when the value itself is a bad string', () => {
    expect(findUnstorableText('\u0000', 'token')).toEqual([
      { field: 'token', message: expect.stringContaining('NUL') },
    ]);
  });

  it('walks a body nested far deeper than the call stack allows', () => {
    let deep: unknown = 'bad \ud800';
    for (let level = 0; level < 100_000; level += 1) deep = [deep];

    const [error] = findUnstorableText({ deep }, 'body');

    expect(error?.field).toBe(`deep${'.0'.repeat(100_000)}`);
  });

  it('stops after 20 errors', () => {
    expect(findUnstorableText(Array(1000).fill('\u0000'), 'body')).toHaveLength(20);
  });
});
