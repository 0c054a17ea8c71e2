import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { escapeHtml, textToHtml } from '@publishing/templating';
import { TestSendAdapters, describeTestFailure } from '../channels/test-send-adapters';
import { ServiceUnavailableError, UnprocessableError } from '../common/errors/domain-errors';
import type { ApiConfig } from '../config/app-config';
import { type EmailStatusDto } from './dto/email-status.dto';
import { type SendTestEmailDto } from './dto/send-test-email.dto';
import { type TestEmailResultDto } from './dto/test-email-result.dto';
import { smtpSenderOf, type SmtpSender } from './smtp-sender';

const DEFAULT_SUBJECT = 'Test email from the publishing service';
const DEFAULT_MESSAGE =
  'This is a test email from the publishing service. It arrived, so the API can send email.';
const NOT_CONFIGURED = 'No email provider configured: set SMTP_HOST and SMTP_FROM.';

/** The API's email sender: its status, and one test email through the same SMTP adapter as deliveries. */
@Injectable()
export class EmailService {
  private readonly sender: SmtpSender | undefined;

  constructor(
    config: ConfigService<ApiConfig, true>,
    private readonly adapters: TestSendAdapters,
  ) {
    this.sender = smtpSenderOf(config);
  }

  status(): EmailStatusDto {
    const sender = this.sender;
    if (!sender) {
      return {
        provider: 'smtp',
        configured: false,
        ready: false,
        sender: null,
        host: null,
        port: null,
        secure: false,
        authenticated: false,
        detail: NOT_CONFIGURED,
      };
    }
    return {
      provider: 'smtp',
      configured: true,
      ready: true,
      sender: sender.from,
      host: sender.host,
      port: sender.port,
      secure: sender.secure,
      authenticated: sender.authenticated,
      detail: `Sends through ${sender.host}:${sender.port} as ${sender.from}; POST /api/v1/email/test checks that a message gets through.`,
    };
  }

  /** A refused or failed send is an answer (`status: 'failed'`), not an error. */
  async sendTest(request: SendTestEmailDto): Promise<TestEmailResultDto> {
    if (!this.sender) throw new ServiceUnavailableError(`${NOT_CONFIGURED} Nothing was sent.`);
    const subject = request.subject ?? DEFAULT_SUBJECT;
    const text = request.custom_message ?? DEFAULT_MESSAGE;
    const outcome = await this.adapters.sendOperatorEmail({
      deliveryId: `email-test-${randomUUID()}`,
      channel: this.sender.channel,
      subscriber: { id: 'test', email: request.to_email },
      message: { channelType: 'email', subject, text, html: textToHtml(text, escapeHtml) },
    });
    const base = { to_email: request.to_email, subject, provider: 'smtp' as const };
    if (outcome.sent) {
      return {
        status: 'sent',
        message_id: outcome.result.providerMessageId ?? null,
        ...base,
        error: null,
      };
    }
    if (outcome.failure.reason === 'invalid_address') {
      throw new UnprocessableError(
        `${request.to_email} cannot be sent to: ${outcome.failure.message}. Nothing was sent.`,
        [{ field: 'to_email', message: 'is not an address email can be sent to' }],
      );
    }
    return {
      status: 'failed',
      message_id: null,
      ...base,
      error: describeTestFailure(outcome.failure),
    };
  }
}
