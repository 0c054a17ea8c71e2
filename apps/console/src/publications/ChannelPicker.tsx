import { useEffect, useState } from 'preact/hooks';
import { listChannels } from '../api/channels';
import type { Channel } from '../api/types';

const PAGE = 100;
const SEARCH_DELAY_MS = 250;

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
  const [search, setSearch] = useState('');
  const [answer, setAnswer] = useState<{ channels: Channel[]; more: boolean } | null>(null);
  const [searchable, setSearchable] = useState(false);
  const [seen, setSeen] = useState<ReadonlyMap<string, Channel>>(new Map());

  useEffect(() => {
    const timer = setTimeout(() => setSearch(query.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    const controller = new AbortController();
    listChannels(
      { limit: PAGE, is_active: true, name: search || undefined },
      controller.signal,
    ).then(
      (page) => {
        const more = page.next_cursor !== null;
        setAnswer({ channels: page.channels, more });
        if (more) setSearchable(true);
        setSeen((before) => new Map([...before, ...page.channels.map((c) => [c.id, c] as const)]));
      },
      () => undefined,
    );
    return () => controller.abort();
  }, [search]);

  const shown = answer?.channels ?? [];
  const shownIds = new Set(shown.map((channel) => channel.id));
  const kept = selected
    .filter((id) => !shownIds.has(id))
    .map((id) => seen.get(id))
    .filter((channel): channel is Channel => channel !== undefined);

  return (
    <>
      {searchable && (
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
            There are more than {PAGE} active channels: type part of a name to find others.
          </p>
        </div>
      )}
      {answer && shown.length === 0 && kept.length === 0 && (
        <p class="hint">
          {search
            ? `No active channel’s name contains “${search}”.`
            : 'No active channel: create one through the API first.'}
        </p>
      )}
      {[...kept, ...shown].map((channel) => (
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
      {answer?.more && search && (
        <p class="hint">The first {PAGE} matches: type more of the name to narrow them.</p>
      )}
    </>
  );
}
