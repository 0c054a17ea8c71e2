import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller';
import { EngagementService } from './engagement.service';
import { PerformanceService } from './performance.service';
import { TrackingController } from './tracking.controller';
import { TrackingService } from './tracking.service';

@Module({
  controllers: [TrackingController, AnalyticsController],
  providers: [EngagementService, PerformanceService, TrackingService],
})
export class AnalyticsModule {}
