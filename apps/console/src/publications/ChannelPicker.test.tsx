import { fireEvent, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { describe, expect, it, vi } from 'vitest';
import type { Channel } from '../api/types';
import { data, page, stubApi } from '../test/fetch-stub';
import { OPS_WEBHOOK } from '../test/fixtures';
import { ChannelPicker } from './ChannelPicker';

function channel(index: number): Channel {
  return {
    ...OPS_WEBHOOK,
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    name: `Channel ${index}`,
  };
}

const FIRST_HUNDRED = Array.from({ length: 100 }, (_, index) => channel(index));
const FAR_AWAY = channel(4321);

function Picker({ onToggle }: { onToggle?: (id: string, checked: boolean) => void }) {
  const [selected, setSelected] = useState<string[]>([]);
  return (
    <ChannelPicker
      selected={selected}
      onToggle={(id, checked) => {
        onToggle?.(id, checked);
        setSelected(checked ? [...selected, id] : selected.filter((other) => other !== id));
      }}
    />
  );
}

describe('the channel picker', () => {
  it('lists the active channels with no search field when they fit one page', async () => {
    const api = stubApi({
      'GET /api/v1/channels': () => data(page('channels', [OPS_WEBHOOK])),
    });

    render(<Picker />);

    expect(await screen.findByRole('checkbox', { name: 'Ops webhook' })).toBeTruthy();
    expect(screen.queryByLabelText('Find a channel')).toBeNull();
    expect(api.requests).toHaveLength(1);
    expect(Object.fromEntries(api.requests[0]!.url.searchParams)).toEqual({
      limit: '100',
      is_active: 'true',
    });
  });

  it('searches the server by name past 100 channels, keeping a checked one listed', async () => {
    const api = stubApi({
      'GET /api/v1/channels': ({ url }) =>
        url.searchParams.get('name') === '4321'
          ? data(page('channels', [FAR_AWAY]))
          : data(page('channels', FIRST_HUNDRED, 'next-page')),
    });
    const onToggle = vi.fn();
    render(<Picker onToggle={onToggle} />);
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Channel 7' }));

    fireEvent.input(screen.getByLabelText('Find a channel'), { target: { value: ' 4321 ' } });

    fireEvent.click(await screen.findByRole('checkbox', { name: 'Channel 4321' }));
    expect(onToggle.mock.calls).toEqual([
      [channel(7).id, true],
      [FAR_AWAY.id, true],
    ]);
    const checked = screen
      .getAllByRole('checkbox')
      .filter((box) => (box as HTMLInputElement).checked)
      .map((box) => box.parentElement?.textContent);
    expect(checked).toEqual(['Channel 7', 'Channel 4321']);
    expect(screen.queryByRole('checkbox', { name: 'Channel 8' })).toBeNull();
    // One request for the first page, one for the search: never a walk through every channel.
    expect(api.requests.map((request) => request.url.searchParams.get('name'))).toEqual([
      null,
      '4321',
    ]);
  });

  it('says when no active channel matches the search', async () => {
    stubApi({
      'GET /api/v1/channels': ({ url }) =>
        url.searchParams.get('name')
          ? data(page('channels', []))
          : data(page('channels', FIRST_HUNDRED, 'next-page')),
    });
    render(<Picker />);
    await screen.findByRole('checkbox', { name: 'Channel 1' });

    fireEvent.input(screen.getByLabelText('Find a channel'), { target: { value: 'nothing' } });

    expect(await screen.findByText('No active channel’s name contains “nothing”.')).toBeTruthy();
  });
});
