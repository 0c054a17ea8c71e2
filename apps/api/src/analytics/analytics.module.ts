import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { AnalyticsController } from './analytics.controller';
import { EngagementTimelineService } from './engagement-timeline.service';
import { EngagementService } from './engagement.service';
import { PerformanceService } from './performance.service';
import { TrackingController } from './tracking.controller';
import { TrackingService } from './tracking.service';

@Module({
  imports: [RateLimitModule],
  controllers: [TrackingController, AnalyticsController],
  providers: [EngagementService, EngagementTimelineService, PerformanceService, TrackingService],
})
export class AnalyticsModule {}
