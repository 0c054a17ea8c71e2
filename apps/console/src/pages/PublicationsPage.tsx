import { useEffect, useState } from 'preact/hooks';
import {
  cancelPublication,
  listPublications,
  retryFailedDeliveries,
  retryPublication,
} from '../api/publications';
import type { ListPage, Publication } from '../api/types';
import { useConfirmedAction } from '../components/confirmed-action';
import { useCursorPaging } from '../components/cursor-paging';
import { ListPager } from '../components/ListPager';
import { describeError, ProblemMessage } from '../components/ProblemMessage';
import { useChannels } from '../publications/channel-names';
import { NewPublicationForm } from '../publications/NewPublicationForm';
import { PublicationCard } from '../publications/PublicationCard';
import { failedDeliveries, nextRefreshIn, retryKind } from '../publications/publication-state';

const PAGE_SIZE = 20;

type PublicationsList = ListPage & { publications: Publication[] };

/**
 * The publications, newest first, a page at a time; refreshed every `pollIntervalMs` while one
 * on screen is delivering (or due), once when the next scheduled one is due, and not otherwise.
 */
export function PublicationsPage({ pollIntervalMs }: { pollIntervalMs: number }) {
  const paging = useCursorPaging();
  const [list, setList] = useState<PublicationsList | null>(null);
  const channels = useChannels(list?.publications.flatMap((publication) => publication.channels));
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [reloads, setReloads] = useState(0);
  const reload = () => setReloads((count) => count + 1);
  const action = useConfirmedAction(describeError, reload);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let refreshIn: number | null = null;
    const load = async () => {
      try {
        const page = await listPublications(
          { limit: PAGE_SIZE, after: paging.after },
          controller.signal,
        );
        setList(page);
        setError(null);
        refreshIn = nextRefreshIn(page.publications, Date.now(), pollIntervalMs);
      } catch (problem) {
        if (controller.signal.aborted) return;
        // A refresh that failed (the API restarting, a dropped connection) is tried again.
        setError(problem);
      }
      if (refreshIn !== null) timer = setTimeout(() => void load(), refreshIn);
    };
    void load();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [paging.after, reloads, pollIntervalMs]);

  const askCancel = (publication: Publication) =>
    action.ask({
      title: 'Cancel this publication?',
      question: (
        <p>
          Publication <span class="mono">{publication.id}</span> stops: deliveries not sent yet are
          cancelled.
        </p>
      ),
      run: async () => (await cancelPublication(publication.id)).message,
    });

  const askRetry = (publication: Publication) =>
    action.ask({
      title: 'Retry the failed deliveries?',
      question:
        retryKind(publication) === 'deliveries' ? (
          <p>
            {failedDeliveries(publication)} failed deliveries of publication{' '}
            <span class="mono">{publication.id}</span> are sent again.
          </p>
        ) : (
          <p>
            Publication <span class="mono">{publication.id}</span> is scheduled again, in 5 minutes.
          </p>
        ),
      run: async () => {
        if (retryKind(publication) === 'deliveries') {
          const { retried } = await retryFailedDeliveries(publication.id);
          return `${retried} failed deliveries of publication ${publication.id} queued again`;
        }
        return (await retryPublication(publication.id)).message;
      },
    });

  return (
    <section aria-labelledby="publications-title">
      <div class="page-head">
        <h1 id="publications-title" tabIndex={-1}>
          Publications
        </h1>
        {!creating && (
          <button type="button" onClick={() => setCreating(true)}>
            New publication
          </button>
        )}
      </div>
      {creating && (
        <NewPublicationForm
          onClose={() => setCreating(false)}
          onCreated={(publication) => {
            setCreating(false);
            paging.reset();
            reload();
            action.report({ ok: true, message: `Publication ${publication.id} created` });
          }}
        />
      )}
      {action.outcomeMessage}
      <ProblemMessage error={error} />
      {list && list.publications.length === 0 && <p>No publications yet.</p>}
      {list && (
        <ul class="cards" aria-label="Publications">
          {list.publications.map((publication) => (
            <PublicationCard
              key={publication.id}
              publication={publication}
              channels={channels}
              onCancel={askCancel}
              onRetry={askRetry}
            />
          ))}
        </ul>
      )}
      {list && (
        <ListPager
          label="Publications pages"
          paging={paging}
          pageSize={PAGE_SIZE}
          shown={list.publications.length}
          page={list}
        />
      )}
      {action.dialog}
    </section>
  );
}
