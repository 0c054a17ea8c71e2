import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { UuidParam } from '../common/request-validation';
import { EngagementQueryDto, EngagementRangeQueryDto } from './dto/engagement-query.dto';
import { EngagementTimelineQueryDto } from './dto/engagement-timeline-query.dto';
import { presentTimeline } from './engagement-timeline.presenter';
import { EngagementTimelineService } from './engagement-timeline.service';
import {
  presentChannelEngagement,
  presentPublicationEngagement,
  presentSummary,
} from './engagement.presenter';
import { EngagementService } from './engagement.service';
import { PerformanceService } from './performance.service';

@ApiTags('analytics')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('analytics')
export class AnalyticsController {
  constructor(
    private readonly engagement: EngagementService,
    private readonly performance: PerformanceService,
    private readonly timeline: EngagementTimelineService,
  ) {}

  @Get('engagement')
  @ApiOperation({
    summary:
      'Event totals by metric and unique openers/clickers: overall, per publication and per channel',
  })
  async summary(@Query() query: EngagementQueryDto) {
    const { filter, rows } = await this.engagement.summary(query);
    return presentSummary(filter, rows);
  }

  @Get('engagement/channel/:channel_id')
  @ApiOperation({ summary: "One channel's engagement and the publications it was recorded for" })
  @ApiOkResponse({
    description:
      'Counts, unique openers/clickers and publication ids; zeros for a channel without events, known or not',
  })
  async forChannel(
    @UuidParam('channel_id') channelId: string,
    @Query() range: EngagementRangeQueryDto,
  ) {
    const row = await this.engagement.forChannel(channelId, range);
    return presentChannelEngagement(channelId, row);
  }

  @Get('engagement/publication/:publication_id')
  @ApiOperation({ summary: "One publication's engagement and the channels it was recorded on" })
  @ApiOkResponse({ description: 'Counts, unique openers/clickers and channel ids' })
  @ApiNotFoundResponse({ description: 'No such publication' })
  async forPublication(
    @UuidParam('publication_id') publicationId: string,
    @Query() range: EngagementRangeQueryDto,
  ) {
    const row = await this.engagement.forPublication(publicationId, range);
    return presentPublicationEngagement(publicationId, row);
  }

  @Get('engagement/publication/:publication_id/timeline')
  @ApiOperation({
    summary: "One publication's opens, clicks (total and unique) and unsubscribes per hour or day",
  })
  @ApiOkResponse({
    description:
      '`points`: one per bucket of [since, until), oldest first, zeros where nothing happened; ' +
      '`at` is the bucket start (ISO-8601 UTC); unique counts are distinct people within the bucket',
  })
  @ApiNotFoundResponse({ description: 'No such publication' })
  @ApiUnprocessableEntityResponse({
    description: 'A bad parameter, an empty range or one with too many buckets (names the field)',
  })
  async timelineOfPublication(
    @UuidParam('publication_id') publicationId: string,
    @Query() query: EngagementTimelineQueryDto,
  ) {
    return presentTimeline(await this.timeline.forPublication(publicationId, query));
  }

  @Get('performance')
  @ApiOperation({
    summary:
      'Per-channel delivery and engagement rates over a window (default: the last 30 days) and recommendations derived from them',
  })
  performanceReport(@Query() range: EngagementRangeQueryDto) {
    return this.performance.report(range);
  }
}
