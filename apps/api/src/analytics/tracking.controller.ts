import {
  applyDecorators,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/public.decorator';
import { RawResponse } from '../common/envelope';
import { PublicRouteBudget } from '../rate-limit/public-route-budget';
import { SkipPublicRateLimit } from '../rate-limit/skip-public-rate-limit.decorator';
import { TrackClickQueryDto } from './dto/track-click-query.dto';
import { parseOpenPixelQuery } from './open-pixel-query';
import { LEGACY_CLICK_PAGE_HEADERS, legacyClickPage } from './legacy-click-page';
import { TRANSPARENT_GIF } from './tracking-pixel';
import { TrackingService } from './tracking.service';

const PIXEL_QUERY = ['publication_id', 'channel_id', 'subscriber_id', 'user_id'] as const;

const OpenPixelDocs = () =>
  applyDecorators(
    ApiOperation({
      summary:
        'Open-tracking pixel: always the 43-byte transparent GIF; records an open when every id names an existing row',
    }),
    ...PIXEL_QUERY.map((name) =>
      ApiQuery({
        name,
        required: name === 'publication_id',
        schema: { type: 'string', format: 'uuid' },
      }),
    ),
    ApiProduces('image/gif'),
    ApiOkResponse({
      description: 'A transparent 1×1 GIF',
      content: { 'image/gif': { schema: { type: 'string', format: 'binary' } } },
    }),
  );

const ClickDocs = () =>
  applyDecorators(
    ApiOperation({
      summary:
        'Click tracker: a signed link records the click (and an implied open) and redirects; an unsigned (legacy) one answers a page linking to the destination',
    }),
    ApiFoundResponse({ description: 'Redirect to `url` (signed links)' }),
    ApiOkResponse({
      description:
        'Unsigned link (the Python service sent them): a page naming `url`, linked when it is http(s); no redirect',
      content: { 'text/html': { schema: { type: 'string' } } },
    }),
    ApiForbiddenResponse({ description: 'Invalid signature: no redirect' }),
    ApiUnprocessableEntityResponse({ description: 'Malformed parameters: no redirect' }),
  );

/**
 * Tracking links in delivered messages: no API key, no envelope. A client over its public budget
 * still gets its GIF or redirect (a recipient behind a busy address must not see a broken image
 * or a dead link); only the event is not recorded.
 */
@ApiTags('analytics')
@Public()
@SkipPublicRateLimit()
@RawResponse()
@Controller('analytics/engagement/track')
export class TrackingController {
  constructor(
    private readonly tracking: TrackingService,
    private readonly budget: PublicRouteBudget,
  ) {}

  @Get('open')
  @OpenPixelDocs()
  @Header('Cache-Control', 'no-store')
  getOpen(
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
  ): Promise<StreamableFile> {
    return this.open(query, request);
  }

  @Post('open')
  @HttpCode(HttpStatus.OK)
  @OpenPixelDocs()
  @Header('Cache-Control', 'no-store')
  postOpen(
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
  ): Promise<StreamableFile> {
    return this.open(query, request);
  }

  @Get('click')
  @ClickDocs()
  getClick(
    @Query() query: TrackClickQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.click(query, request, response);
  }

  @Post('click')
  @ClickDocs()
  postClick(
    @Query() query: TrackClickQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.click(query, request, response);
  }

  private async open(query: Record<string, unknown>, request: Request): Promise<StreamableFile> {
    if (this.budget.take(request).withinBudget)
      await this.tracking.recordOpen(parseOpenPixelQuery(query));
    return new StreamableFile(TRANSPARENT_GIF, {
      type: 'image/gif',
      length: TRANSPARENT_GIF.length,
    });
  }

  private async click(query: TrackClickQueryDto, request: Request, response: Response) {
    const outcome = await this.tracking.followClick(query, this.budget.take(request).withinBudget);
    response.setHeader('Cache-Control', 'no-store');
    if (outcome.kind === 'redirect') {
      response.redirect(HttpStatus.FOUND, outcome.url);
      return;
    }
    response.status(HttpStatus.OK).set(LEGACY_CLICK_PAGE_HEADERS).type('html');
    response.send(legacyClickPage(outcome.url));
  }
}
