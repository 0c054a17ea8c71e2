import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { EmailController } from './email.controller';
import { EmailService } from './email.service';

@Module({
  imports: [ChannelsModule],
  controllers: [EmailController],
  providers: [EmailService],
})
export class EmailModule {}
