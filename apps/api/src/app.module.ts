import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { PrismaModule } from '@publishing/db/nest';
import { ProblemDetailsFilter } from './common/filters/problem-details.filter';
import { EnvelopeInterceptor } from './common/interceptors/envelope.interceptor';
import { RouteTable } from './common/route-table';
import type { AppConfig } from './config/app-config';
import { AlertsModule } from './alerts/alerts.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuthModule } from './auth/auth.module';
import { ChannelsModule } from './channels/channels.module';
import { ConfigModule } from './config/config.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { EmailModule } from './email/email.module';
import { FeedsModule } from './feeds/feeds.module';
import { HealthModule } from './health/health.module';
import { PublicationsModule } from './publications/publications.module';
import { RootModule } from './root/root.module';
import { SubscribersModule } from './subscribers/subscribers.module';
import { TemplatesModule } from './templates/templates.module';
import { UnsubscribeModule } from './unsubscribe/unsubscribe.module';
import { WsModule } from './ws/ws.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        PrismaModule.forRoot({
          databaseUrl: config.databaseUrl,
          applicationName: 'publishing-api',
          isGlobal: true,
        }),
        AuthModule,
        HealthModule,
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
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: EnvelopeInterceptor },
      ],
    };
  }
}
