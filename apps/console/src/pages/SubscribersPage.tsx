import { useState } from 'preact/hooks';
import { ApiProblem } from '../api/problem';
import { listSubscribers, unsubscribeSubscriber } from '../api/subscribers';
import { SUBSCRIPTION_STATUSES, type ListPage, type Subscriber } from '../api/types';
import { useConfirmedAction } from '../components/confirmed-action';
import { useCursorPaging } from '../components/cursor-paging';
import { ListPager } from '../components/ListPager';
import { FieldMessages } from '../components/FieldMessages';
import { describeError, ProblemMessage } from '../components/ProblemMessage';
import { useLoaded } from '../components/use-loaded';
import { channelName, useChannels } from '../publications/channel-names';
import { CHANNEL_PAGE, useChannelSearch } from '../publications/channel-search';
import { formatInstant } from '../publications/publication-state';
import { TableScroll } from '../components/TableScroll';

const PAGE_SIZE = 50;

interface Search {
  email: string;
  status: string;
  channelId: string;
}

const NO_SEARCH: Search = { email: '', status: '', channelId: '' };

type SubscribersList = ListPage & { subscribers: Subscriber[] };

/** Subscribers a page at a time (keyset cursor), searched on the server: never loaded whole. */
export function SubscribersPage() {
  const paging = useCursorPaging();
  const [draft, setDraft] = useState<Search>(NO_SEARCH);
  const [search, setSearch] = useState<Search>(NO_SEARCH);
  const [reloads, setReloads] = useState(0);
  const action = useConfirmedAction(describeError, () => setReloads((count) => count + 1));
  const { data: list, error } = useLoaded<SubscribersList>(
    (signal) =>
      listSubscribers(
        {
          limit: PAGE_SIZE,
          after: paging.after,
          email: search.email,
          status: search.status,
          channel_id: search.channelId,
        },
        signal,
      ),
    [paging.after, search, reloads],
  );
  const [channelQuery, setChannelQuery] = useState('');
  const channelSearch = useChannelSearch(channelQuery, false);
  const chosenChannel = channelSearch.seen.get(draft.channelId);
  const channelOptions =
    chosenChannel && !channelSearch.channels.some(({ id }) => id === chosenChannel.id)
      ? [chosenChannel, ...channelSearch.channels]
      : channelSearch.channels;
  const channels = useChannels(
    list?.subscribers.flatMap((subscriber) => subscriber.preferred_channels),
  );

  const messages = (field: string) => (error instanceof ApiProblem ? error.messagesFor(field) : []);

  const submit = (event: Event) => {
    event.preventDefault();
    paging.reset();
    setSearch({ ...draft, email: draft.email.trim() });
  };

  const askUnsubscribe = (subscriber: Subscriber) =>
    action.ask({
      title: 'Unsubscribe this subscriber?',
      question: <p>{subscriber.email} receives nothing more from any channel.</p>,
      run: async () => {
        const updated = await unsubscribeSubscriber(subscriber.id);
        return `${updated.email} is ${updated.subscription_status}`;
      },
    });

  return (
    <section aria-labelledby="subscribers-title">
      <h1 id="subscribers-title" tabIndex={-1}>
        Subscribers
      </h1>
      <form class="panel search" role="search" aria-label="Subscribers" onSubmit={submit}>
        <div class="field">
          <label for="subscriber-email">Email</label>
          <input
            id="subscriber-email"
            type="search"
            value={draft.email}
            aria-invalid={messages('email').length > 0 || undefined}
            aria-describedby={messages('email').length > 0 ? 'subscriber-email-error' : undefined}
            onInput={(event) => setDraft({ ...draft, email: event.currentTarget.value })}
          />
          <FieldMessages id="subscriber-email-error" messages={messages('email')} />
        </div>
        <div class="field">
          <label for="subscriber-status">Status</label>
          <select
            id="subscriber-status"
            value={draft.status}
            onChange={(event) => setDraft({ ...draft, status: event.currentTarget.value })}
          >
            <option value="">Any status</option>
            {SUBSCRIPTION_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </div>
        {channelSearch.searchable && (
          <div class="field">
            <label for="subscriber-channel-search">Find a channel</label>
            <input
              id="subscriber-channel-search"
              type="search"
              value={channelQuery}
              aria-describedby="subscriber-channel-search-hint"
              onInput={(event) => setChannelQuery(event.currentTarget.value)}
            />
            <p id="subscriber-channel-search-hint" class="hint">
              More than {CHANNEL_PAGE} channels: type part of a name to list it under Channel.
            </p>
          </div>
        )}
        <div class="field">
          <label for="subscriber-channel">Channel</label>
          <select
            id="subscriber-channel"
            value={draft.channelId}
            onChange={(event) => setDraft({ ...draft, channelId: event.currentTarget.value })}
          >
            <option value="">Any channel</option>
            {channelOptions.map((channel) => (
              <option key={channel.id} value={channel.id}>
                {channel.name}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit">Search</button>
        </div>
      </form>
      {action.outcomeMessage}
      <ProblemMessage error={error} />
      {list && (
        <TableScroll label="Subscribers table">
          <table>
            <caption class="visually-hidden">Subscribers</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Status</th>
                <th scope="col">Channels</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.subscribers.map((subscriber) => (
                <tr key={subscriber.id}>
                  <td>{subscriber.email}</td>
                  <td>{subscriber.subscription_status}</td>
                  <td>
                    {subscriber.preferred_channels
                      .map((id) => channelName(channels, id))
                      .join(', ') || '—'}
                  </td>
                  <td>{formatInstant(subscriber.created_at)}</td>
                  <td>
                    {subscriber.subscription_status !== 'unsubscribed' && (
                      <button
                        type="button"
                        class="danger"
                        aria-label={`Unsubscribe ${subscriber.email}`}
                        onClick={() => askUnsubscribe(subscriber)}
                      >
                        Unsubscribe
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.subscribers.length === 0 && <p>No subscriber matches.</p>}
        </TableScroll>
      )}
      {list && (
        <ListPager
          label="Subscribers pages"
          paging={paging}
          pageSize={PAGE_SIZE}
          shown={list.subscribers.length}
          page={list}
        />
      )}
      {action.dialog}
    </section>
  );
}
