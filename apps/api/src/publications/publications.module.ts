import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { PublicationTestSender } from './publication-test-sender';
import { PublicationsController } from './publications.controller';
import { PublicationsService } from './publications.service';

@Module({
  imports: [ChannelsModule],
  controllers: [PublicationsController],
  providers: [PublicationsService, PublicationTestSender],
})
export class PublicationsModule {}
