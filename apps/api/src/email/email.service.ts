import { Inject, Injectable } from '@nestjs/common';
import { ServiceUnavailableError } from '../common/errors/domain-errors';
import { type EmailStatusDto } from './dto/email-status.dto';
import { type SendTestEmailDto } from './dto/send-test-email.dto';
import { EmailSendingNotImplementedError } from './email-errors';
import { EMAIL_SETTINGS, type EmailSettings } from './email-settings';

/**
 * Reports the email provider honestly. No SMTP sender exists yet (it comes with the delivery
 * pipeline), so nothing is ever reported as sent.
 */
@Injectable()
export class EmailService {
  constructor(@Inject(EMAIL_SETTINGS) private readonly settings: EmailSettings) {}

  status(): EmailStatusDto {
    const configured = this.settings.host !== null;
    return {
      provider: 'smtp',
      configured,
      sender: this.settings.sender,
      ready: false,
      detail: configured
        ? 'SMTP is configured, but this build has no email sender yet: it comes with the delivery pipeline.'
        : 'No email provider configured: set SMTP_HOST (and SMTP_FROM).',
    };
  }

  sendTest(_message: SendTestEmailDto): never {
    if (this.settings.host === null) {
      throw new ServiceUnavailableError(
        'No email provider configured: set SMTP_HOST (and SMTP_FROM). Nothing was sent.',
      );
    }
    throw new EmailSendingNotImplementedError(
      'Sending email is not implemented until the delivery pipeline exists. Nothing was sent.',
    );
  }
}
