import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiServiceUnavailableResponse({
    description:
      'Not ready: a problem whose `detail` names what is wrong, with `migrations` as in the 200 ' +
      'answer (absent when the database does not answer)',
  })
  async ready() {
    const readiness = await this.health.readiness();
    if (!readiness.ready)
      throw new ServiceUnavailableError(
        `Not ready: ${readiness.problems.join('; ')}.`,
        // Absent when the database does not answer: then nothing is known about its migrations.
        readiness.migrations ? { migrations: readiness.migrations } : {},
      );
    return { status: 'ready', migrations: readiness.migrations };
  }
}
