import { HttpSink } from './http-sink';

describe('HttpSink', () => {
  const sink = new HttpSink();
  beforeAll(() => sink.start());
  afterAll(() => sink.stop());

  it('records each request and answers 200 ok to a path nobody scripted', async () => {
    const response = await fetch(sink.url('/hooks/plain?x=1'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant': 'acme' },
      body: '{"event":"test"}',
    });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
    expect(sink.requestsTo('/hooks/plain?x=1')).toEqual([
      {
        method: 'POST',
        path: '/hooks/plain?x=1',
        headers: expect.objectContaining({ 'x-tenant': 'acme' }),
        body: '{"event":"test"}',
        json: { event: 'test' },
      },
    ]);
  });

  it('keeps a body that is not JSON as text only', async () => {
    await fetch(sink.url('/text'), { method: 'POST', body: 'not json' });

    expect(sink.requestsTo('/text')).toMatchObject([{ body: 'not json', json: undefined }]);
  });

  it('answers what the responder scripted for the n-th request to its path', async () => {
    sink.respond('/hooks/flaky', (_request, count) =>
      count <= 2
        ? { status: 503, body: 'busy' }
        : { status: 429, headers: { 'retry-after': '7' }, delayMs: 20 },
    );

    const answers = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await fetch(sink.url('/hooks/flaky'), { method: 'POST' });
      answers.push([response.status, response.headers.get('retry-after'), await response.text()]);
    }

    expect(answers).toEqual([
      [503, null, 'busy'],
      [503, null, 'busy'],
      [429, '7', ''],
    ]);
    expect((await fetch(sink.url('/elsewhere'))).status).toBe(200);
  });

  it('never answers a request scripted to hang', async () => {
    sink.respond('/hang', () => ({ hang: true }));

    await expect(fetch(sink.url('/hang'), { signal: AbortSignal.timeout(300) })).rejects.toThrow(
      /timeout|aborted/i,
    );
    expect(sink.requestsTo('/hang')).toHaveLength(1);
  });

  it('stops with requests still open, which then fail', async () => {
    const other = await new HttpSink().start();
    other.respond('/hang', () => ({ hang: true }));
    other.respond('/slow', () => ({ status: 200, delayMs: 60_000 }));
    const open = ['/hang', '/slow'].map((path) =>
      fetch(other.url(path), { method: 'POST', body: path }).then(
        (response) => response.status,
        () => 'no answer',
      ),
    );
    while (other.received.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));

    await other.stop();

    expect(await Promise.all(open)).toEqual(['no answer', 'no answer']);
  });
});
