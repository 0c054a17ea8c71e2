import { Controller, Get, Res } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { RawResponse } from '../common/envelope';
import { UuidParam } from '../common/request-validation';
import { rssDocument } from './rss-document';
import { FEED_TTL_SECONDS, FeedsService } from './feeds.service';

export const RSS_CONTENT_TYPE = 'application/rss+xml; charset=utf-8';

/** The public RSS feed of an rss channel: readers fetch it without an API key, outside the envelope. */
@ApiTags('feeds')
@Public()
@Controller('channels')
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @Get(':id/feed.rss')
  @RawResponse()
  @ApiOperation({
    summary: 'RSS 2.0 feed of an rss channel: its 50 newest completed publications (no API key)',
  })
  @ApiProduces('application/rss+xml')
  @ApiOkResponse({
    description: 'The feed; cacheable for 60 s',
    content: { 'application/rss+xml': { schema: { type: 'string' } } },
  })
  @ApiNotFoundResponse({
    description: 'Unknown channel, a channel that is not of type rss, or an inactive one',
  })
  async feed(@UuidParam('id') id: string, @Res() response: Response): Promise<void> {
    const document = rssDocument(await this.feeds.channelFeed(id));
    response
      .status(200)
      .setHeader('Content-Type', RSS_CONTENT_TYPE)
      .setHeader('Cache-Control', `public, max-age=${FEED_TTL_SECONDS}`)
      .send(document);
  }
}
