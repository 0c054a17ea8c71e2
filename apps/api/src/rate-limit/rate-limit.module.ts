import { Module } from '@nestjs/common';
import { PublicRouteBudget } from './public-route-budget';

/** Per-client budgets of the routes without an API key. */
@Module({
  providers: [PublicRouteBudget],
  exports: [PublicRouteBudget],
})
export class RateLimitModule {}
