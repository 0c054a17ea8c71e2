import { useState } from 'preact/hooks';
import type { Channel } from '../api/types';
import { CHANNEL_PAGE, useChannelSearch } from './channel-search';

interface ChannelPickerProps {
  selected: string[];
  onToggle: (id: string, checked: boolean) => void;
}

/**
 * Checkboxes for the active channels: the API's first 100; when there are more, a search by name
 * (on the server, 100 matches at most) finds the others. Checked channels stay listed whatever
 * the search shows.
 */
export function ChannelPicker({ selected, onToggle }: ChannelPickerProps) {
  const [query, setQuery] = useState('');
  const found = useChannelSearch(query, true);
  const shownIds = new Set(found.channels.map((channel) => channel.id));
  const kept = selected
    .filter((id) => !shownIds.has(id))
    .map((id) => found.seen.get(id))
    .filter((channel): channel is Channel => channel !== undefined);

  return (
    <>
      {found.searchable && (
        <div class="field">
          <label for="new-publication-channel-search">Find a channel</label>
          <input
            id="new-publication-channel-search"
            type="search"
            value={query}
            aria-describedby="new-publication-channel-search-hint"
            onInput={(event) => setQuery(event.currentTarget.value)}
          />
          <p id="new-publication-channel-search-hint" class="hint">
            There are more than {CHANNEL_PAGE} active channels: type part of a name to find others.
          </p>
        </div>
      )}
      {found.loaded && found.channels.length === 0 && kept.length === 0 && (
        <p class="hint">
          {found.search
            ? `No active channel’s name contains “${found.search}”.`
            : 'No active channel: create one through the API first.'}
        </p>
      )}
      {[...kept, ...found.channels].map((channel) => (
        <label key={channel.id} class="checkbox">
          <input
            type="checkbox"
            value={channel.id}
            checked={selected.includes(channel.id)}
            onChange={(event) => onToggle(channel.id, event.currentTarget.checked)}
          />
          {channel.name}
        </label>
      ))}
      {found.more && found.search && (
        <p class="hint">The first {CHANNEL_PAGE} matches: type more of the name to narrow them.</p>
      )}
    </>
  );
}
