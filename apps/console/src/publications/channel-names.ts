import { useEffect, useState } from 'preact/hooks';
import { listChannels } from '../api/channels';
import type { Channel } from '../api/types';

/**
 * The channels (the API's first 100, newest first: a console picks among a handful), for names
 * and for the create form. A failure leaves the list empty; ids stand in for names then.
 */
export function useChannels(): Channel[] {
  const [channels, setChannels] = useState<Channel[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    listChannels({ limit: 100 }, controller.signal).then(
      (page) => setChannels(page.channels),
      () => undefined,
    );
    return () => controller.abort();
  }, []);
  return channels;
}

export function channelName(channels: Channel[], id: string, type?: string): string {
  const channel = channels.find((candidate) => candidate.id === id);
  if (channel) return channel.name;
  return `${type ? `${type} ` : ''}channel ${id.slice(0, 8)}`;
}
