import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { paginationFields } from '../common/pagination/list-response';
import { UuidParam } from '../common/request-validation';
import { presentDelivery } from './deliveries.presenter';
import { DeliveriesService } from './deliveries.service';
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

  @Post('retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Queue the failed deliveries again (only those); 409 for a cancelled publication',
  })
  async retryFailed(@UuidParam('id') id: string) {
    return { publication_id: id, ...(await this.deliveries.retryFailed(id)) };
  }
}
