import { Module } from '@nestjs/common';
import { ChannelTargets } from './channel-targets';
import { ChannelTestSender } from './channel-test-sender';
import { ChannelsController } from './channels.controller';
import { ChannelsService } from './channels.service';
import { TestSendAdapters } from './test-send-adapters';

@Module({
  controllers: [ChannelsController],
  providers: [ChannelsService, ChannelTargets, ChannelTestSender, TestSendAdapters],
  exports: [TestSendAdapters],
})
export class ChannelsModule {}
