import {
  applyDecorators,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  Redirect,
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
import { Public } from '../auth/public.decorator';
import { RawResponse } from '../common/interceptors/envelope.interceptor';
import { TrackClickQueryDto } from './dto/track-click-query.dto';
import { parseOpenPixelQuery } from './open-pixel-query';
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
        'Click tracker: records the click (and an implied open) and redirects, only for links signed by this service',
    }),
    ApiFoundResponse({ description: 'Redirect to `url`' }),
    ApiForbiddenResponse({ description: 'Missing or invalid signature: no redirect' }),
    ApiUnprocessableEntityResponse({ description: 'Malformed parameters: no redirect' }),
  );

/** Tracking links in delivered messages: no API key, no envelope. */
@ApiTags('analytics')
@Public()
@RawResponse()
@Controller('analytics/engagement/track')
export class TrackingController {
  constructor(private readonly tracking: TrackingService) {}

  @Get('open')
  @OpenPixelDocs()
  @Header('Cache-Control', 'no-store')
  getOpen(@Query() query: Record<string, unknown>): Promise<StreamableFile> {
    return this.open(query);
  }

  @Post('open')
  @HttpCode(HttpStatus.OK)
  @OpenPixelDocs()
  @Header('Cache-Control', 'no-store')
  postOpen(@Query() query: Record<string, unknown>): Promise<StreamableFile> {
    return this.open(query);
  }

  @Get('click')
  @ClickDocs()
  @Redirect()
  @Header('Cache-Control', 'no-store')
  getClick(@Query() query: TrackClickQueryDto) {
    return this.click(query);
  }

  @Post('click')
  @ClickDocs()
  @Redirect()
  @Header('Cache-Control', 'no-store')
  postClick(@Query() query: TrackClickQueryDto) {
    return this.click(query);
  }

  private async open(query: Record<string, unknown>): Promise<StreamableFile> {
    await this.tracking.recordOpen(parseOpenPixelQuery(query));
    return new StreamableFile(TRANSPARENT_GIF, {
      type: 'image/gif',
      length: TRANSPARENT_GIF.length,
    });
  }

  private async click(query: TrackClickQueryDto): Promise<{ url: string; statusCode: number }> {
    return { url: await this.tracking.followClick(query), statusCode: HttpStatus.FOUND };
  }
}
