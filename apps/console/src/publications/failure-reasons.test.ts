import { describe, expect, it } from 'vitest';
import { data, stubApi } from '../test/fetch-stub';
import { loadFailureReasons } from './failure-reasons';

const PUBLICATION = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

function failed(reason: string | null) {
  return { id: crypto.randomUUID(), status: 'failed', failure_reason: reason };
}

describe('loadFailureReasons', () => {
  it('groups failed deliveries by reason, most frequent first, paging with the cursor', async () => {
    const api = stubApi({
      [`GET /api/v1/publications/${PUBLICATION}/deliveries`]: ({ url }) =>
        url.searchParams.get('after') === 'page-2'
          ? data({ deliveries: [failed('http_500'), failed(null)], next_cursor: null })
          : data({
              deliveries: [failed('timeout'), failed('http_500'), failed('http_500')],
              next_cursor: 'page-2',
            }),
    });

    const result = await loadFailureReasons(PUBLICATION, 5);

    expect(result).toEqual({
      reasons: [
        { reason: 'http_500', count: 3 },
        { reason: 'no reason recorded', count: 1 },
        { reason: 'timeout', count: 1 },
      ],
      read: 5,
      failedTotal: 5,
    });
    expect(api.requests.map((request) => request.url.searchParams.get('status'))).toEqual([
      'failed',
      'failed',
    ]);
  });

  it('stops after the page budget on a publication with very many failures', async () => {
    const api = stubApi({
      [`GET /api/v1/publications/${PUBLICATION}/deliveries`]: () =>
        data({ deliveries: [failed('timeout')], next_cursor: 'more' }),
    });

    const result = await loadFailureReasons(PUBLICATION, 1_000_000, undefined, 3);

    expect(api.requests).toHaveLength(3);
    expect(result.read).toBe(3);
    expect(result.failedTotal).toBe(1_000_000);
  });
});
