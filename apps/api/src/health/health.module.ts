import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { MigrationStateService } from './migration-state.service';

@Module({
  controllers: [HealthController],
  providers: [HealthService, MigrationStateService],
  exports: [MigrationStateService],
})
export class HealthModule {}
