import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { PrismaModule } from '@publishing/db/nest';
import { ProblemDetailsFilter } from './common/filters/problem-details.filter';
import { EnvelopeInterceptor } from './common/interceptors/envelope.interceptor';
import { RouteTable } from './common/route-table';
import type { AppConfig } from './config/app-config';
import { AuthModule } from './auth/auth.module';
import { ConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { RootModule } from './root/root.module';

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
      ],
      providers: [
        RouteTable,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: EnvelopeInterceptor },
      ],
    };
  }
}
