import type { ChannelResult } from '../api/types';
import { deliveredPercent } from './delivery-progress';

interface ProgressBarProps {
  channelName: string;
  result: Pick<ChannelResult, 'total' | 'sent' | 'failed' | 'pending'>;
}

/** One channel's delivery progress: a bar and its counts. */
export function ProgressBar({ channelName, result }: ProgressBarProps) {
  const percent = deliveredPercent(result);
  return (
    <div class="progress">
      <div class="progress-label">
        <span>{channelName}</span>
        <span class="progress-counts">
          sent {result.sent} · failed {result.failed} · pending {result.pending}
        </span>
      </div>
      <div
        class="progress-track"
        role="progressbar"
        aria-label={`${channelName} delivery progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%`}
      >
        <div class="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
