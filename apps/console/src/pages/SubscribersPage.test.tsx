import { fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Subscriber } from '../api/types';
import { data, page, stubApi } from '../test/fetch-stub';
import { OPS_WEBHOOK } from '../test/fixtures';
import { SubscribersPage } from './SubscribersPage';

function subscriber(n: number, status: Subscriber['subscription_status'] = 'active'): Subscriber {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    email: `reader${n}@example.com`,
    subscription_status: status,
    preferred_channels: [OPS_WEBHOOK.id],
    created_at: '2026-12-01T10:00:00.000Z',
  };
}

describe('the subscribers page', () => {
  it('searches on the server and pages with the after cursor, never loading everything', async () => {
    const api = stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK])),
      'GET /api/v1/subscribers': ({ url }) =>
        url.searchParams.get('after') === 'cursor-2'
          ? data({ ...page('subscribers', [subscriber(3)]), total_count: 3 })
          : data({
              ...page('subscribers', [subscriber(1), subscriber(2)], 'cursor-2'),
              total_count: 3,
            }),
    });
    render(<SubscribersPage />);
    await screen.findByText('reader1@example.com');

    fireEvent.input(screen.getByLabelText('Email'), { target: { value: ' reader ' } });
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'active' } });
    await screen.findByRole('option', { name: OPS_WEBHOOK.name });
    fireEvent.change(screen.getByLabelText('Channel'), { target: { value: OPS_WEBHOOK.id } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await screen.findByText('reader2@example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('reader3@example.com');

    const lists = api.requests.filter((request) => request.url.pathname === '/api/v1/subscribers');
    const last = lists[lists.length - 1]?.url.searchParams;
    expect(Object.fromEntries(last ?? [])).toEqual({
      limit: '50',
      after: 'cursor-2',
      email: 'reader',
      status: 'active',
      channel_id: OPS_WEBHOOK.id,
    });
    expect(lists.every((request) => Number(request.url.searchParams.get('limit')) <= 100)).toBe(
      true,
    );
    expect(screen.getByRole('button', { name: 'Next page' }).hasAttribute('disabled')).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByText('reader1@example.com')).toBeTruthy();
  });

  it('unsubscribes after confirmation', async () => {
    const api = stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK])),
      'GET /api/v1/subscribers': () => data(page('subscribers', [subscriber(1)])),
      [`POST /api/v1/subscribers/${subscriber(1).id}/unsubscribe`]: () =>
        data(subscriber(1, 'unsubscribed')),
    });
    render(<SubscribersPage />);

    fireEvent.click(await screen.findByRole('button', { name: /^Unsubscribe/ }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Confirm' }));

    expect(
      (await screen.findByText('reader1@example.com is unsubscribed')).getAttribute('role'),
    ).toBe('status');
    expect(api.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('past 100 channels, finds the filter’s channel by name on the server and keeps it chosen', async () => {
    const many = Array.from({ length: 100 }, (_, index) => ({
      ...OPS_WEBHOOK,
      id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      name: `Channel ${index}`,
    }));
    const farAway = {
      ...OPS_WEBHOOK,
      id: '99999999-9999-4999-8999-999999999999',
      name: 'Far away',
    };
    const api = stubApi({
      'GET /api/v1/channels': ({ url }) =>
        url.searchParams.get('name') === 'far'
          ? data(page('channels', [farAway]))
          : data(page('channels', many, 'more')),
      [`GET /api/v1/channels/${OPS_WEBHOOK.id}`]: () => data(OPS_WEBHOOK),
      'GET /api/v1/subscribers': () => data(page('subscribers', [subscriber(1)])),
    });
    render(<SubscribersPage />);
    await screen.findByText('reader1@example.com');
    expect(await screen.findByRole('option', { name: 'Channel 99' })).toBeTruthy();

    fireEvent.input(screen.getByLabelText('Find a channel'), { target: { value: 'far' } });
    await screen.findByRole('option', { name: 'Far away' });
    fireEvent.change(screen.getByLabelText('Channel'), { target: { value: farAway.id } });
    fireEvent.input(screen.getByLabelText('Find a channel'), { target: { value: '' } });
    await screen.findByRole('option', { name: 'Channel 99' });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));

    await vi.waitFor(() =>
      expect(
        api.requests.some(
          (request) =>
            request.url.pathname === '/api/v1/subscribers' &&
            request.url.searchParams.get('channel_id') === farAway.id,
        ),
      ).toBe(true),
    );
    expect(screen.getAllByRole('option', { name: 'Far away' })).toHaveLength(1);
    expect(screen.getByLabelText<HTMLSelectElement>('Channel').value).toBe(farAway.id);
    // The table's channel name beyond the first page is read by id, not by listing every channel.
    expect(await screen.findByRole('cell', { name: OPS_WEBHOOK.name })).toBeTruthy();
    expect(
      api.requests.filter((request) => request.url.pathname === '/api/v1/channels').length,
    ).toBeLessThanOrEqual(4);
  });
});
