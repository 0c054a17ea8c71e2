import { act, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { saveApiKey } from '../api/api-key-store';
import type { Publication } from '../api/types';
import { App } from '../App';
import { data, page, problem, stubApi } from '../test/fetch-stub';
import { channelResult, OPS_WEBHOOK, publication, TEAM_SLACK } from '../test/fixtures';

const POLL_MS = 2000;

/** Lets the stubbed requests answer and Preact render, without moving the clock. */
async function settle() {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(0);
  });
}

async function wait(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

function publicationsRequests(api: ReturnType<typeof stubApi>) {
  return api.requests.filter((request) => request.url.pathname === '/api/v1/publications');
}

describe('the publications page', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-12-02T10:00:00Z'));
    saveApiKey('pk_good');
  });
  afterEach(() => vi.useRealTimers());

  it('shows each channel of a running publication as a progress bar with its counts', async () => {
    const running = publication({
      status: 'processing',
      channels: [OPS_WEBHOOK.id, TEAM_SLACK.id],
      channel_results: {
        [OPS_WEBHOOK.id]: channelResult({ total: 10, sent: 6, failed: 1, pending: 3 }),
        [TEAM_SLACK.id]: channelResult({ channel_type: 'slack', total: 4, sent: 4 }),
      },
    });
    stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK, TEAM_SLACK])),
      'GET /api/v1/publications': () => data(page('publications', [running])),
    });

    render(<App pollIntervalMs={POLL_MS} />);
    await settle();

    expect(screen.getByRole('heading', { level: 1, name: 'Publications' })).toBeTruthy();
    const webhook = screen.getByRole('progressbar', { name: 'Ops webhook delivery progress' });
    expect(webhook.getAttribute('aria-valuenow')).toBe('70');
    const slack = screen.getByRole('progressbar', { name: 'Team Slack delivery progress' });
    expect(slack.getAttribute('aria-valuenow')).toBe('100');
    expect(screen.getByText('sent 6 · failed 1 · pending 3')).toBeTruthy();
    expect(screen.getByText('sent 4 · failed 0 · pending 0')).toBeTruthy();
    const card = screen.getByRole('link', { name: running.id }).closest('li');
    expect(card && within(card).getByText('Ops webhook, Team Slack')).toBeTruthy();
    expect(screen.getByRole('link', { name: running.id }).getAttribute('href')).toBe(
      `/console/publications/${running.id}`,
    );
  });

  it('refreshes while a publication is processing and stops once none is', async () => {
    const answers: Publication[] = [
      publication({
        status: 'processing',
        channel_results: { [OPS_WEBHOOK.id]: channelResult({ total: 4, sent: 1, pending: 3 }) },
      }),
      publication({
        status: 'processing',
        channel_results: { [OPS_WEBHOOK.id]: channelResult({ total: 4, sent: 3, pending: 1 }) },
      }),
      publication({
        status: 'completed',
        channel_results: {
          [OPS_WEBHOOK.id]: channelResult({ total: 4, sent: 4, status: 'completed' }),
        },
      }),
    ];
    let served = 0;
    const api = stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK])),
      'GET /api/v1/publications': () =>
        data(page('publications', [answers[Math.min(served++, answers.length - 1)]])),
    });
    const bar = () => screen.getByRole('progressbar', { name: 'Ops webhook delivery progress' });

    render(<App pollIntervalMs={POLL_MS} />);
    await settle();
    expect(bar().getAttribute('aria-valuenow')).toBe('25');

    await wait(POLL_MS);
    expect(publicationsRequests(api)).toHaveLength(2);
    expect(bar().getAttribute('aria-valuenow')).toBe('75');

    await wait(POLL_MS);
    expect(publicationsRequests(api)).toHaveLength(3);
    expect(bar().getAttribute('aria-valuenow')).toBe('100');

    await wait(POLL_MS * 10);
    expect(publicationsRequests(api)).toHaveLength(3);
  });

  it('keeps refreshing through a failed refresh, showing the problem until the next one answers', async () => {
    const running = publication({
      status: 'processing',
      channel_results: { [OPS_WEBHOOK.id]: channelResult({ total: 2, sent: 1, pending: 1 }) },
    });
    const done = publication({
      status: 'completed',
      channel_results: { [OPS_WEBHOOK.id]: channelResult({ total: 2, sent: 2 }) },
    });
    const answers = [
      () => data(page('publications', [running])),
      () => problem(503, 'The database is not available: retry in 5 seconds.'),
      () => data(page('publications', [done])),
    ];
    let served = 0;
    const api = stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK])),
      'GET /api/v1/publications': () => answers[Math.min(served++, answers.length - 1)]!(),
    });

    render(<App pollIntervalMs={POLL_MS} />);
    await settle();
    await wait(POLL_MS);
    expect(screen.getByRole('alert').textContent).toBe(
      'The database is not available: retry in 5 seconds.',
    );

    await wait(POLL_MS);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(
      screen
        .getByRole('progressbar', { name: 'Ops webhook delivery progress' })
        .getAttribute('aria-valuenow'),
    ).toBe('100');
    await wait(POLL_MS * 5);
    expect(publicationsRequests(api)).toHaveLength(3);
  });

  it('does not poll a list where nothing is processing or due', async () => {
    const api = stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK])),
      'GET /api/v1/publications': () =>
        data(
          page('publications', [
            publication({ status: 'completed' }),
            publication({
              id: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
              status: 'scheduled',
              scheduled_time: '2026-12-03T10:00:00.000Z',
            }),
          ]),
        ),
    });

    render(<App pollIntervalMs={POLL_MS} />);
    await settle();
    await wait(POLL_MS * 5);

    expect(publicationsRequests(api)).toHaveLength(1);
  });

  it('polls a scheduled publication that is due, so its delivery shows without a reload', async () => {
    let served = 0;
    const api = stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK])),
      'GET /api/v1/publications': () =>
        data(
          page('publications', [
            served++ === 0
              ? publication({ status: 'scheduled', scheduled_time: '2026-12-02T09:59:59.000Z' })
              : publication({ status: 'completed' }),
          ]),
        ),
    });

    render(<App pollIntervalMs={POLL_MS} />);
    await settle();
    await wait(POLL_MS * 5);

    expect(publicationsRequests(api)).toHaveLength(2);
  });

  it('reads the list again once when a publication scheduled soon becomes due', async () => {
    let served = 0;
    const api = stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK])),
      'GET /api/v1/publications': () =>
        data(
          page('publications', [
            served++ === 0
              ? publication({ status: 'scheduled', scheduled_time: '2026-12-02T10:00:30.000Z' })
              : publication({ status: 'completed' }),
          ]),
        ),
    });

    render(<App pollIntervalMs={POLL_MS} />);
    await settle();
    await wait(29_000);
    expect(publicationsRequests(api)).toHaveLength(1);

    await wait(1_000);
    expect(publicationsRequests(api)).toHaveLength(2);
    await wait(60_000);
    expect(publicationsRequests(api)).toHaveLength(2);
  });

  it('cancels after confirmation in a dialog and shows the outcome', async () => {
    const scheduled = publication({ status: 'scheduled' });
    const api = stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK])),
      'GET /api/v1/publications': () => data(page('publications', [scheduled])),
      [`DELETE /api/v1/publications/${scheduled.id}`]: () =>
        data({
          ...scheduled,
          status: 'cancelled',
          message: `Publication ${scheduled.id} cancelled successfully`,
        }),
    });
    render(<App pollIntervalMs={POLL_MS} />);
    await settle();

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Keep' }));
    expect(api.requests.some((request) => request.method === 'DELETE')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Confirm' }));
    await settle();

    expect(api.requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toBe(
      `Publication ${scheduled.id} cancelled successfully`,
    );
  });

  it('shows the API detail when an action is refused', async () => {
    const scheduled = publication({ status: 'scheduled' });
    stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK])),
      'GET /api/v1/publications': () => data(page('publications', [scheduled])),
      [`DELETE /api/v1/publications/${scheduled.id}`]: () =>
        problem(409, `Publication ${scheduled.id} is completed; it cannot be cancelled.`),
    });
    render(<App pollIntervalMs={POLL_MS} />);
    await settle();

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Confirm' }));
    await settle();

    expect(screen.getByRole('status').textContent).toBe(
      `Publication ${scheduled.id} is completed; it cannot be cancelled.`,
    );
  });
});
