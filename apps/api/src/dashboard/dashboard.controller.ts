import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { DashboardService, type DashboardOverview } from './dashboard.service';

@ApiTags('dashboard')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('overview')
  @ApiOperation({
    summary:
      'Counts of channels (by type), subscribers, publications (by status, scheduled in the next 24 h), events of the last 7 days, deliveries and alerts',
  })
  overview(): Promise<DashboardOverview> {
    return this.dashboard.overview();
  }
}
