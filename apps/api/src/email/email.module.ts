import { Module } from '@nestjs/common';
import { EmailController } from './email.controller';
import { loadEmailSettings, EMAIL_SETTINGS } from './email-settings';
import { EmailService } from './email.service';

@Module({
  controllers: [EmailController],
  providers: [EmailService, { provide: EMAIL_SETTINGS, useFactory: () => loadEmailSettings() }],
})
export class EmailModule {}
