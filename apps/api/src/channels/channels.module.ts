import { Module } from '@nestjs/common';
import { ChannelTestSender } from './channel-test-sender';
import { ChannelsController } from './channels.controller';
import { ChannelsService } from './channels.service';

@Module({
  controllers: [ChannelsController],
  providers: [ChannelsService, ChannelTestSender],
})
export class ChannelsModule {}
