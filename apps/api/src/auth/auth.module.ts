import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { ThrottlerModule } from '@nestjs/throttler';
import type { ApiConfig } from '../config/app-config';
import { HitLogStorage } from '../rate-limit/hit-log-storage';
import { ApiKeyRateLimitGuard } from '../rate-limit/api-key-rate-limit.guard';
import { PublicRateLimitGuard } from '../rate-limit/public-rate-limit.guard';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysService } from './api-keys.service';
import { FailedAuthenticationLimiter } from './failed-authentication-limiter';

@Module({
  imports: [
    RateLimitModule,
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<ApiConfig, true>) => ({
        throttlers: [{ ttl: 60_000, limit: config.get('RATE_LIMIT_PER_MINUTE', { infer: true }) }],
        storage: new HitLogStorage(),
      }),
    }),
  ],
  providers: [
    ApiKeysService,
    FailedAuthenticationLimiter,
    // Guards run in this order: the key is known before its rate limit is counted.
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: ApiKeyRateLimitGuard },
    { provide: APP_GUARD, useClass: PublicRateLimitGuard },
  ],
  exports: [ApiKeysService],
})
export class AuthModule {}
