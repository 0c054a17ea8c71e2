import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/public.decorator';
import { RawResponse, toEnvelope } from '../common/envelope';
import { confirmationPage, donePage } from './unsubscribe-page';
import { UnsubscribeService } from './unsubscribe.service';

@ApiTags('unsubscribe')
@Public()
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(private readonly unsubscribe: UnsubscribeService) {}

  @Get()
  @RawResponse()
  @ApiOperation({ summary: 'Confirmation page of an unsubscribe link (changes nothing)' })
  @ApiQuery({ name: 'token', required: true })
  async confirm(
    @Query('token') token: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const outcome = await this.unsubscribe.preview(token);
    response.type('html').setHeader('Cache-Control', 'no-store');
    response.send(confirmationPage(outcome, token ?? ''));
  }

  @Post()
  @HttpCode(200)
  @RawResponse()
  @ApiOperation({
    summary: 'Unsubscribe (RFC 8058 one-click POST, or the confirmation form); idempotent',
  })
  @ApiQuery({ name: 'token', required: true })
  async confirmed(
    @Query('token') token: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const outcome = await this.unsubscribe.unsubscribe(token);
    // A browser submitting the confirmation form gets a page; a mail provider's one-click POST JSON.
    if (request.accepts(['json', 'html']) === 'html') {
      response.type('html').send(donePage(outcome));
      return;
    }
    response.json(
      toEnvelope(
        {
          subscriber_id: outcome.subscriberId,
          unsubscribed: true,
          already_unsubscribed: outcome.alreadyUnsubscribed,
        },
        request.correlationId,
      ),
    );
  }
}
