import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { UuidParam } from '../common/request-validation';
import { EngagementQueryDto, EngagementRangeQueryDto } from './dto/engagement-query.dto';
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

  @Get('performance')
  @ApiOperation({
    summary:
      'Per-channel delivery and engagement rates over a window (default: the last 30 days) and recommendations derived from them',
  })
  performanceReport(@Query() range: EngagementRangeQueryDto) {
    return this.performance.report(range);
  }
}
