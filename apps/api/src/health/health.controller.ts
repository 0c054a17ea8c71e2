import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ServiceUnavailableError } from '../common/errors/domain-errors';
import { Public } from '../auth/public.decorator';
import { HealthService } from './health.service';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({
    summary: 'Legacy health report; 503 with status "unhealthy" when the database is down',
  })
  async report(@Res({ passthrough: true }) response: Response) {
    const report = await this.health.report();
    if (report.status === 'unhealthy') response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live() {
    return { status: 'alive' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: the database answers and is at the head of the shipped migration history',
  })
  async ready() {
    const readiness = await this.health.readiness();
    if (!readiness.ready)
      throw new ServiceUnavailableError(`Not ready: ${readiness.problems.join('; ')}.`);
    return { status: 'ready', migrations: readiness.migrations };
  }
}
