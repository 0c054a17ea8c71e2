import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { IsStorableInstant } from '../../common/storable-instant';
import { MAX_TIMELINE_BUCKETS, TIMELINE_BUCKETS, type TimelineBucket } from '../timeline-range';

/** One publication's engagement over [since, until), in hour or day buckets (UTC). */
export class EngagementTimelineQueryDto {
  @ApiPropertyOptional({
    enum: TIMELINE_BUCKETS,
    description:
      'Bucket width (UTC hours or days). Default by span: `hour` up to 3 days, `day` beyond. ' +
      `At most ${MAX_TIMELINE_BUCKETS} buckets per answer.`,
  })
  @IsOptional()
  @IsIn(TIMELINE_BUCKETS)
  bucket?: TimelineBucket;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      "Events recorded at or after this instant. Default: the publication's creation, " +
      `or as far back as ${MAX_TIMELINE_BUCKETS} buckets reach`,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsStorableInstant()
  since?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Events recorded before this instant. Default: now',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsStorableInstant()
  until?: string;
}
