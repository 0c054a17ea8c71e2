import { useEffect, useState } from 'preact/hooks';
import { listChannels } from '../api/channels';
import type { Channel } from '../api/types';

export const CHANNEL_PAGE = 100;
const SEARCH_DELAY_MS = 250;

export interface ChannelSearch {
  /** The channels whose name contains the (trimmed, debounced) query: 100 at most. */
  channels: Channel[];
  /** More than `channels` match. */
  more: boolean;
  /** The query the answer is for ('' = none). */
  search: string;
  /** There are more channels than one page: offer a search field. */
  searchable: boolean;
  /** Every channel answered so far, to keep showing a chosen one the search no longer lists. */
  seen: ReadonlyMap<string, Channel>;
  loaded: boolean;
}

/** Channels by name, searched on the server a page at a time: never every channel. */
export function useChannelSearch(query: string, activeOnly: boolean): ChannelSearch {
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
      { limit: CHANNEL_PAGE, is_active: activeOnly || undefined, name: search || undefined },
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
  }, [search, activeOnly]);

  return {
    channels: answer?.channels ?? [],
    more: answer?.more ?? false,
    search,
    searchable,
    seen,
    loaded: answer !== null,
  };
}
