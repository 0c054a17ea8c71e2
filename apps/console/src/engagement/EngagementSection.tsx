import { useState } from 'preact/hooks';
import { getEngagementTimeline, getEngagementTotals } from '../api/analytics';
import type { EngagementTimeline, EngagementTotals, TimelineBucket } from '../api/types';
import { ProblemMessage } from '../components/ProblemMessage';
import { useLoaded } from '../components/use-loaded';
import { formatInstant } from '../publications/publication-state';
import { EngagementChart } from './EngagementChart';
import { ENGAGEMENT_SERIES } from './engagement-series';
import { TableScroll } from '../components/TableScroll';

/** Engagement totals and the timeline (chart and its data as a table) of one publication. */
export function EngagementSection({ publicationId }: { publicationId: string }) {
  const [bucket, setBucket] = useState<TimelineBucket>('hour');
  const { data: totals, error: totalsError } = useLoaded<EngagementTotals>(
    (signal) => getEngagementTotals(publicationId, signal),
    [publicationId],
  );
  const { data: timeline, error: timelineError } = useLoaded<EngagementTimeline>(
    (signal) => getEngagementTimeline(publicationId, bucket, signal),
    [publicationId, bucket],
  );
  const error = totalsError ?? timelineError;

  return (
    <section aria-labelledby="engagement-title">
      <h2 id="engagement-title">Engagement</h2>
      <ProblemMessage error={error} />
      {totals && (
        <dl class="facts totals">
          <Total label="Opens" value={totals.open} />
          <Total label="Unique opens" value={totals.unique_opens} />
          <Total label="Clicks" value={totals.click} />
          <Total label="Unique clicks" value={totals.unique_clicks} />
          <Total label="Unsubscribes" value={totals.unsubscribe} />
          <Total label="Bounces" value={totals.bounce} />
          <Total label="Complaints" value={totals.complaint} />
        </dl>
      )}
      <div class="field inline-field">
        <label for="engagement-bucket">Time bucket</label>
        <select
          id="engagement-bucket"
          value={bucket}
          onChange={(event) => setBucket(event.currentTarget.value as TimelineBucket)}
        >
          <option value="hour">hour</option>
          <option value="day">day</option>
        </select>
      </div>
      {timeline && timeline.points.length === 0 && <p>No opens, clicks or unsubscribes yet.</p>}
      {timeline && (
        <>
          <EngagementChart timeline={timeline} />
          <details>
            <summary>Engagement data table</summary>
            <TableScroll label="Engagement data">
              <table>
                <caption>Engagement per {timeline.bucket}</caption>
                <thead>
                  <tr>
                    <th scope="col">From</th>
                    {ENGAGEMENT_SERIES.map((series) => (
                      <th key={series.key} scope="col">
                        {series.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {timeline.points.map((point) => (
                    <tr key={point.at}>
                      <th scope="row">{formatInstant(point.at)}</th>
                      {ENGAGEMENT_SERIES.map((series) => (
                        <td key={series.key}>{point[series.key]}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </details>
        </>
      )}
    </section>
  );
}

function Total({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
