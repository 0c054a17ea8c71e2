import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { WebSocketsNotOfferedError } from './ws-errors';

/** The legacy placeholder route, kept so clients get a clear answer instead of a 404. */
@ApiTags('ws')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('ws')
export class WsController {
  @Get()
  @ApiOperation({
    summary:
      'Placeholder: this API offers no websocket; poll the REST resources (e.g. /analytics/engagement, /dashboard/overview)',
  })
  @ApiResponse({ status: 501, description: 'Websockets are not offered (problem+json)' })
  notOffered(): never {
    throw new WebSocketsNotOfferedError(
      'This API offers no websocket endpoint; poll the REST resources instead (e.g. /api/v1/dashboard/overview).',
    );
  }
}
