import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { paginationFields } from '../common/pagination/list-response';
import { UuidParam } from '../common/request-validation';
import { presentDelivery, presentFailureReasons } from './deliveries.presenter';
import { DeliveriesService, FAILURE_REASONS_LIMIT } from './deliveries.service';
import { ListDeliveriesQueryDto } from './dto/list-deliveries-query.dto';

@ApiTags('deliveries')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('publications/:id/deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @ApiOperation({
    summary: "A publication's deliveries (one per subscriber × channel), filterable by status",
  })
  async list(@UuidParam('id') id: string, @Query() query: ListDeliveriesQueryDto) {
    const page = await this.deliveries.list(id, query);
    return {
      deliveries: page.rows.map(presentDelivery),
      counts_by_status: page.counts,
      ...paginationFields(query, page),
    };
  }

  @Get('failure-reasons')
  @ApiOperation({
    summary: "Why a publication's deliveries failed: its failed deliveries grouped by reason",
  })
  @ApiOkResponse({
    description:
      "`reasons`: `{failure_reason, count, example_error}` (one of the group's `last_error`s), the " +
      `most frequent first, at most ${FAILURE_REASONS_LIMIT}; \`more_reasons\` is true when there ` +
      'are more; `failure_reason` is null for failures recorded without one',
  })
  @ApiNotFoundResponse({ description: 'No such publication' })
  async failureReasons(@UuidParam('id') id: string) {
    return presentFailureReasons(await this.deliveries.failureReasons(id));
  }

  @Post('retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Queue the failed deliveries again (only those); 409 for a cancelled publication',
  })
  async retryFailed(@UuidParam('id') id: string) {
    return { publication_id: id, ...(await this.deliveries.retryFailed(id)) };
  }
}
