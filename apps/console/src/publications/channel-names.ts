import { useEffect, useMemo, useState } from 'preact/hooks';
import { getChannel, listChannels } from '../api/channels';
import type { Channel } from '../api/types';

const FIRST_PAGE = 100;
const NONE: readonly string[] = [];

/**
 * The channels a page needs names for: the API's first 100 (newest first, one request, all of
 * them on most installations), and, when there are more, each of `shownIds` that is not among
 * them, read one by one (the ids on one page of publications, deliveries or subscribers: never
 * every channel). A failure leaves a channel out; its id stands in for its name then.
 */
export function useChannels(shownIds: readonly string[] = NONE): Channel[] {
  const [firstPage, setFirstPage] = useState<{ channels: Channel[]; more: boolean } | null>(null);
  const [lookedUp, setLookedUp] = useState<ReadonlyMap<string, Channel | null>>(new Map());
  const wanted = [...new Set(shownIds)].sort().join(' ');

  useEffect(() => {
    const controller = new AbortController();
    listChannels({ limit: FIRST_PAGE }, controller.signal).then(
      (page) => setFirstPage({ channels: page.channels, more: page.next_cursor !== null }),
      () => undefined,
    );
    return () => controller.abort();
  }, []);

  useEffect(() => {
    if (!firstPage?.more || wanted === '') return;
    const known = new Set(firstPage.channels.map((channel) => channel.id));
    const missing = wanted.split(' ').filter((id) => !known.has(id) && !lookedUp.has(id));
    if (missing.length === 0) return;
    const controller = new AbortController();
    void Promise.all(
      missing.map((id) =>
        getChannel(id, controller.signal).then(
          (channel) => [id, channel] as const,
          () => [id, null] as const,
        ),
      ),
    ).then((found) => {
      if (!controller.signal.aborted) setLookedUp((before) => new Map([...before, ...found]));
    });
    return () => controller.abort();
  }, [firstPage, wanted, lookedUp]);

  return useMemo(
    () => [
      ...(firstPage?.channels ?? []),
      ...[...lookedUp.values()].filter((channel): channel is Channel => channel !== null),
    ],
    [firstPage, lookedUp],
  );
}

export function channelName(channels: Channel[], id: string, type?: string): string {
  const channel = channels.find((candidate) => candidate.id === id);
  if (channel) return channel.name;
  return `${type ? `${type} ` : ''}channel ${id.slice(0, 8)}`;
}
