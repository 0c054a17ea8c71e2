import { Module } from '@nestjs/common';
import { ConfigurablePrismaModule } from './prisma.module-definition';
import { PrismaService } from './prisma.service';

/** One `PrismaService` for the application: `PrismaModule.forRoot({ databaseUrl })` or `forRootAsync`. */
@Module({
  providers: [PrismaService],
  exports: [PrismaService],
})
export class PrismaModule extends ConfigurablePrismaModule {}
