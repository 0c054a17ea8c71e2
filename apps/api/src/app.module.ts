import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { PrismaModule } from '@publishing/db/nest';
import type { Logger } from '@publishing/logging';
import { LoggerModule } from 'nestjs-pino';
import { DATABASE_CONNECT_TIMEOUT_MS } from './common/errors/database-unavailable';
import { ProblemDetailsFilter } from './common/filters/problem-details.filter';
import {
  applicationLogging,
  createRequestLogger,
  REQUEST_LOGGER,
} from './common/logging/request-logging';
import { RouteTable } from './common/route-table';
import type { ApiConfig } from './config/app-config';
import { AlertsModule } from './alerts/alerts.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuthModule } from './auth/auth.module';
import { ChannelsModule } from './channels/channels.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { EmailModule } from './email/email.module';
import { FeedsModule } from './feeds/feeds.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { PublicationsModule } from './publications/publications.module';
import { RootModule } from './root/root.module';
import { SubscribersModule } from './subscribers/subscribers.module';
import { TemplatesModule } from './templates/templates.module';
import { UnsubscribeModule } from './unsubscribe/unsubscribe.module';
import { WsModule } from './ws/ws.module';

@Module({})
export class AppModule {
  /**
   * `config` is validated already (`loadApiConfig`): a bad one must stop `main.ts`, not Nest.
   * `logger` (from `@publishing/logging`) carries the application's and the requests' lines.
   */
  static forRoot(config: ApiConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // `ConfigService` serves exactly `config`: no .env file, and nothing read from or written
        // to `process.env` (`validate` would copy its result there), so apps built side by side in
        // one process never see each other's settings.
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          validatePredefined: false,
          skipProcessEnv: true,
          load: [() => config],
        }),
        LoggerModule.forRoot(applicationLogging(logger)),
        PrismaModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          applicationName: 'publishing-api',
          // A request gets its 503 in bounded time when the database drops packets or the pool stays busy.
          connectTimeoutMs: DATABASE_CONNECT_TIMEOUT_MS,
          isGlobal: true,
        }),
        AuthModule,
        HealthModule,
        MetricsModule,
        RootModule,
        ChannelsModule,
        FeedsModule,
        SubscribersModule,
        TemplatesModule,
        PublicationsModule,
        DeliveriesModule,
        AnalyticsModule,
        AlertsModule,
        DashboardModule,
        EmailModule,
        UnsubscribeModule,
        WsModule,
      ],
      providers: [
        RouteTable,
        { provide: REQUEST_LOGGER, useValue: createRequestLogger(logger) },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
