import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ServiceUnavailableError } from '../common/errors/domain-errors';
import { type EmailStatusDto } from './dto/email-status.dto';
import { type SendTestEmailDto } from './dto/send-test-email.dto';
import { EmailSendingNotImplementedError } from './email-errors';
import type { ApiConfig } from '../config/app-config';

/**
 * Reports the email provider honestly. No SMTP sender exists yet (it comes with the delivery
 * pipeline), so nothing is ever reported as sent.
 */
@Injectable()
export class EmailService {
  constructor(private readonly config: ConfigService<ApiConfig, true>) {}

  status(): EmailStatusDto {
    const configured = this.config.get('SMTP_HOST', { infer: true }) !== undefined;
    return {
      provider: 'smtp',
      configured,
      sender: this.config.get('SMTP_FROM', { infer: true }) ?? null,
      ready: false,
      detail: configured
        ? 'SMTP is configured, but this build has no email sender yet: it comes with the delivery pipeline.'
        : 'No email provider configured: set SMTP_HOST (and SMTP_FROM).',
    };
  }

  sendTest(_message: SendTestEmailDto): never {
    if (this.config.get('SMTP_HOST', { infer: true }) === undefined) {
      throw new ServiceUnavailableError(
        'No email provider configured: set SMTP_HOST (and SMTP_FROM). Nothing was sent.',
      );
    }
    throw new EmailSendingNotImplementedError(
      'Sending email is not implemented until the delivery pipeline exists. Nothing was sent.',
    );
  }
}
