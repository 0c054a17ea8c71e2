import type { Channel, Publication } from '../api/types';
import { ProgressBar } from '../components/ProgressBar';
import { Link } from '../router';
import { canCancel, channelResult, formatInstant, retryKind } from './publication-state';
import { channelName } from './channel-names';

interface PublicationCardProps {
  publication: Publication;
  channels: Channel[];
  onCancel: (publication: Publication) => void;
  onRetry: (publication: Publication) => void;
}

export function PublicationCard({
  publication,
  channels,
  onCancel,
  onRetry,
}: PublicationCardProps) {
  const retry = retryKind(publication);
  // Every card has a `Cancel`: screen readers also hear which publication it belongs to.
  const labelId = `publication-${publication.id}`;
  return (
    <li class="card">
      <div class="card-head">
        <Link to={`/publications/${publication.id}`} class="mono" id={labelId}>
          {publication.id}
        </Link>
        <span class={`badge status-${publication.status}`}>{publication.status}</span>
      </div>
      <dl class="facts">
        <div>
          <dt>Type</dt>
          <dd>{publication.publication_type}</dd>
        </div>
        <div>
          <dt>Channels</dt>
          <dd>
            {publication.channels
              .map((id) =>
                channelName(channels, id, publication.channel_results?.[id]?.channel_type),
              )
              .join(', ')}
          </dd>
        </div>
        <div>
          <dt>Scheduled</dt>
          <dd>{formatInstant(publication.scheduled_time)}</dd>
        </div>
      </dl>
      {publication.channels.length > 0 && (
        <div class="progress-list">
          {publication.channels.map((id) => {
            const result = channelResult(publication, id);
            return (
              <ProgressBar
                key={id}
                channelName={channelName(channels, id, result.channel_type)}
                result={result}
              />
            );
          })}
        </div>
      )}
      {publication.error_details && <p class="error-details">{publication.error_details}</p>}
      {(canCancel(publication) || retry) && (
        <div class="actions">
          {canCancel(publication) && (
            <button
              type="button"
              class="danger"
              aria-describedby={labelId}
              onClick={() => onCancel(publication)}
            >
              Cancel
            </button>
          )}
          {retry && (
            <button type="button" aria-describedby={labelId} onClick={() => onRetry(publication)}>
              Retry failed
            </button>
          )}
        </div>
      )}
    </li>
  );
}
