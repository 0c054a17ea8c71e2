import { useEffect, useState } from 'preact/hooks';
import { getFailureReasons, listDeliveries, type DeliveriesPage } from '../api/deliveries';
import { getPublication } from '../api/publications';
import {
  DELIVERY_STATUSES,
  type DeliveryStatus,
  type FailureReasons,
  type Publication,
} from '../api/types';
import { useCursorPaging } from '../components/cursor-paging';
import { ListPager } from '../components/ListPager';
import { ProblemMessage } from '../components/ProblemMessage';
import { useLoaded } from '../components/use-loaded';
import { ProgressBar } from '../components/ProgressBar';
import { EngagementSection } from '../engagement/EngagementSection';
import { channelName, useChannels } from '../publications/channel-names';
import { channelResult, formatInstant, nextRefreshIn } from '../publications/publication-state';
import { Link } from '../router';
import { TableScroll } from '../components/TableScroll';

const PAGE_SIZE = 25;

/** One publication; its progress and delivery counts refresh while it is delivering. */
export function PublicationDetailPage({
  id,
  pollIntervalMs,
}: {
  id: string;
  pollIntervalMs: number;
}) {
  const [publication, setPublication] = useState<Publication | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Its deliveries are on its own channels: those are all the names the page shows.
  const channels = useChannels(publication?.channels);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const current = await getPublication(id, controller.signal);
        setPublication(current);
        setError(null);
        const refreshIn = nextRefreshIn([current], Date.now(), pollIntervalMs);
        if (refreshIn !== null) timer = setTimeout(() => void load(), refreshIn);
      } catch (problem) {
        if (!controller.signal.aborted) setError(problem);
      }
    };
    void load();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [id, pollIntervalMs]);

  return (
    <section aria-labelledby="publication-title">
      <p>
        <Link to="/">← Publications</Link>
      </p>
      <h1 id="publication-title" tabIndex={-1} class="break">
        Publication {id}
      </h1>
      <ProblemMessage error={error} />
      {publication && (
        <>
          <dl class="facts">
            <div>
              <dt>Status</dt>
              <dd>
                <span class={`badge status-${publication.status}`}>{publication.status}</span>
              </dd>
            </div>
            <div>
              <dt>Type</dt>
              <dd>{publication.publication_type}</dd>
            </div>
            <div>
              <dt>Scheduled</dt>
              <dd>{formatInstant(publication.scheduled_time)}</dd>
            </div>
            <div>
              <dt>Published</dt>
              <dd>{formatInstant(publication.published_time)}</dd>
            </div>
          </dl>
          {publication.error_details && <p class="error-details">{publication.error_details}</p>}
          <div class="progress-list">
            {publication.channels.map((channelId) => {
              const result = channelResult(publication, channelId);
              return (
                <ProgressBar
                  key={channelId}
                  channelName={channelName(channels, channelId, result.channel_type)}
                  result={result}
                />
              );
            })}
          </div>
          <Deliveries
            publicationId={id}
            progress={JSON.stringify(publication.channel_results)}
            channelNames={(channelId) => channelName(channels, channelId)}
          />
          <EngagementSection publicationId={id} />
        </>
      )}
    </section>
  );
}

/** `progress` changes whenever the publication's counts do, and the page shown is read again. */
function Deliveries({
  publicationId,
  progress,
  channelNames,
}: {
  publicationId: string;
  progress: string;
  channelNames: (id: string) => string;
}) {
  const paging = useCursorPaging();
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const deliveries = useLoaded<DeliveriesPage>(
    (signal) =>
      listDeliveries(publicationId, { limit: PAGE_SIZE, after: paging.after, status }, signal),
    [publicationId, paging.after, status, progress],
  );
  const page = deliveries.data;
  const failedTotal = page?.counts_by_status.failed ?? 0;
  const failureReasons = useLoaded<FailureReasons | null>(
    (signal) =>
      failedTotal === 0 ? Promise.resolve(null) : getFailureReasons(publicationId, signal),
    [publicationId, failedTotal],
  );
  const reasons = failureReasons.data;
  const error = deliveries.error ?? failureReasons.error;

  return (
    <>
      <section aria-labelledby="deliveries-counts-title">
        <h2 id="deliveries-counts-title">Deliveries by status</h2>
        <ProblemMessage error={error} />
        {page && (
          <dl class="facts totals">
            {DELIVERY_STATUSES.map((name) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>{page.counts_by_status[name] ?? 0}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>

      {reasons && (
        <section aria-labelledby="failure-reasons-title">
          <h2 id="failure-reasons-title">Failure reasons</h2>
          {reasons.more_reasons && (
            <p class="hint">The {reasons.reasons.length} most frequent reasons; there are more.</p>
          )}
          <TableScroll label="Failure reasons table">
            <table>
              <thead>
                <tr>
                  <th scope="col">Reason</th>
                  <th scope="col">Deliveries</th>
                  <th scope="col">Example error</th>
                </tr>
              </thead>
              <tbody>
                {reasons.reasons.map((row) => (
                  <tr key={row.failure_reason ?? ''}>
                    <td>{row.failure_reason ?? 'no reason recorded'}</td>
                    <td>{row.count}</td>
                    <td>{row.example_error ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      )}

      <section aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">Deliveries</h2>
        <div class="field inline-field">
          <label for="delivery-status">Status</label>
          <select
            id="delivery-status"
            value={status}
            onChange={(event) => {
              paging.reset();
              setStatus(event.currentTarget.value as DeliveryStatus | '');
            }}
          >
            <option value="">Any status</option>
            {DELIVERY_STATUSES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        {page && (
          <TableScroll label="Deliveries table">
            <table>
              <thead>
                <tr>
                  <th scope="col">Subscriber</th>
                  <th scope="col">Channel</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Failure</th>
                  <th scope="col">Sent</th>
                </tr>
              </thead>
              <tbody>
                {page.deliveries.map((delivery) => (
                  <tr key={delivery.id}>
                    <td class="mono">{delivery.subscriber_id}</td>
                    <td>{channelNames(delivery.channel_id)}</td>
                    <td>{delivery.status}</td>
                    <td>{delivery.attempts}</td>
                    <td class="wrap">
                      {[delivery.failure_reason, delivery.last_error].filter(Boolean).join(': ') ||
                        '—'}
                    </td>
                    <td>{formatInstant(delivery.sent_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {page.deliveries.length === 0 && <p>No deliveries{status ? ` ${status}` : ''}.</p>}
          </TableScroll>
        )}
        {page && (
          <ListPager
            label="Deliveries pages"
            paging={paging}
            pageSize={PAGE_SIZE}
            shown={page.deliveries.length}
            page={page}
          />
        )}
      </section>
    </>
  );
}
