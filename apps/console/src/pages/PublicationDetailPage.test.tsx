import { render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { data, page, stubApi } from '../test/fetch-stub';
import { channelResult, OPS_WEBHOOK, publication } from '../test/fixtures';
import { PublicationDetailPage } from './PublicationDetailPage';

const DONE = publication({
  status: 'completed',
  channel_results: {
    [OPS_WEBHOOK.id]: channelResult({ total: 5, sent: 2, failed: 3, status: 'completed' }),
  },
});

function failedDelivery(reason: string) {
  return {
    id: crypto.randomUUID(),
    subscriber_id: crypto.randomUUID(),
    channel_id: OPS_WEBHOOK.id,
    status: 'failed',
    attempts: 3,
    failure_reason: reason,
    last_error: 'HTTP 500',
    sent_at: null,
    created_at: null,
  };
}

describe('the publication detail page', () => {
  it('shows counts by status, failure reasons grouped, and the engagement over time', async () => {
    const api = stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK])),
      [`GET /api/v1/publications/${DONE.id}`]: () => data(DONE),
      [`GET /api/v1/publications/${DONE.id}/deliveries`]: ({ url }) =>
        data({
          ...page('deliveries', [
            failedDelivery('http_error'),
            failedDelivery('http_error'),
            failedDelivery('timeout'),
          ]),
          counts_by_status: url.searchParams.get('status') ? {} : { sent: 2, failed: 3 },
        }),
      [`GET /api/v1/publications/${DONE.id}/deliveries/failure-reasons`]: () =>
        data({
          reasons: [
            { failure_reason: 'http_error', count: 2, example_error: 'http_error: HTTP 500' },
            { failure_reason: null, count: 1, example_error: null },
          ],
          more_reasons: false,
        }),
      [`GET /api/v1/analytics/engagement/publication/${DONE.id}`]: () =>
        data({
          publication_id: DONE.id,
          open: 7,
          click: 3,
          unsubscribe: 1,
          bounce: 0,
          complaint: 0,
          unique_opens: 4,
          unique_clicks: 2,
          last_event_at: null,
        }),
      [`GET /api/v1/analytics/engagement/publication/${DONE.id}/timeline`]: ({ url }) =>
        data({
          publication_id: DONE.id,
          bucket: url.searchParams.get('bucket'),
          since: '2026-12-02T09:12:00.000Z',
          until: '2026-12-02T11:30:00.000Z',
          points: [
            {
              at: '2026-12-02T09:00:00.000Z',
              opens: 7,
              unique_opens: 4,
              clicks: 3,
              unique_clicks: 2,
              unsubscribes: 1,
            },
          ],
        }),
    });

    render(<PublicationDetailPage id={DONE.id} pollIntervalMs={2000} />);

    expect(screen.getByRole('heading', { level: 1, name: `Publication ${DONE.id}` })).toBeTruthy();
    const reasons = await screen.findByRole('region', { name: 'Failure reasons table' });
    const rows = within(reasons)
      .getAllByRole('row')
      .map((row) => row.textContent);
    expect(rows).toEqual([
      'ReasonDeliveriesExample error',
      'http_error2http_error: HTTP 500',
      'no reason recorded1—',
    ]);
    const counts = screen.getByRole('heading', { name: 'Deliveries by status' }).parentElement!;
    expect(within(counts).getByText('sent').nextElementSibling?.textContent).toBe('2');
    expect(within(counts).getByText('failed').nextElementSibling?.textContent).toBe('3');

    expect(await screen.findByRole('img', { name: 'Engagement over time' })).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Engagement per hour' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((cell) => cell.textContent),
    ).toEqual(['From', 'Opens', 'Unique opens', 'Clicks', 'Unique clicks', 'Unsubscribes']);
    expect(
      within(table)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['7', '4', '3', '2', '1']);
    const timeline = api.requests.find((request) => request.url.pathname.endsWith('/timeline'));
    expect(timeline?.url.searchParams.get('bucket')).toBe('hour');
    // Reasons come from the aggregate: failed deliveries are not read page by page to group them.
    expect(
      api.requests.filter((request) => request.url.searchParams.get('status') === 'failed'),
    ).toEqual([]);
    expect(screen.queryByText(/most frequent reasons/)).toBeNull();
  });

  it('says when the API answered only the most frequent failure reasons', async () => {
    stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK])),
      [`GET /api/v1/publications/${DONE.id}`]: () => data(DONE),
      [`GET /api/v1/publications/${DONE.id}/deliveries`]: () =>
        data({ ...page('deliveries', []), counts_by_status: { failed: 3 } }),
      [`GET /api/v1/publications/${DONE.id}/deliveries/failure-reasons`]: () =>
        data({
          reasons: [{ failure_reason: 'timeout', count: 3, example_error: 'timeout: 10 s' }],
          more_reasons: true,
        }),
    });

    render(<PublicationDetailPage id={DONE.id} pollIntervalMs={2000} />);

    expect(await screen.findByText('The 1 most frequent reasons; there are more.')).toBeTruthy();
  });
});
