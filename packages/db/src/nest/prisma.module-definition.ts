import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { PrismaClientOptions } from '../client';

export interface PrismaModuleOptions extends PrismaClientOptions {
  databaseUrl: string;
}

export const {
  ConfigurableModuleClass: ConfigurablePrismaModule,
  MODULE_OPTIONS_TOKEN: PRISMA_MODULE_OPTIONS,
} = new ConfigurableModuleBuilder<PrismaModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
