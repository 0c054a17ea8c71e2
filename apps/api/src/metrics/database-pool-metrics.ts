import { Injectable } from '@nestjs/common';
import { connectionPoolStats } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import { registerConnectionPoolMetrics } from '@publishing/metrics';
import { Registry } from 'prom-client';
import { API_METRICS_PREFIX } from './api-metrics-registry';

/** The `pg` pool under `PrismaService`, read at each scrape (`publishing_api_db_pool_*`). */
@Injectable()
export class DatabasePoolMetrics {
  constructor(registry: Registry, prisma: PrismaService) {
    registerConnectionPoolMetrics(registry, API_METRICS_PREFIX, () => connectionPoolStats(prisma));
  }
}
