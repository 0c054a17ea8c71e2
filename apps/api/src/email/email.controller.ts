import { Body, Controller, Get, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { EmailStatusDto } from './dto/email-status.dto';
import { SendTestEmailDto } from './dto/send-test-email.dto';
import { EmailService } from './email.service';

@ApiTags('email')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('email')
export class EmailController {
  constructor(private readonly email: EmailService) {}

  @Get('status')
  @ApiOperation({ summary: 'Email provider, sender and whether sending is possible' })
  @ApiOkResponse({ type: EmailStatusDto })
  status(): EmailStatusDto {
    return this.email.status();
  }

  @Post('test')
  @ApiOperation({
    summary:
      'Send one test email. Until the delivery pipeline exists this never sends: 503 without a provider, 501 with one',
  })
  @ApiServiceUnavailableResponse({ description: 'No email provider configured' })
  @ApiResponse({
    status: 501,
    description: 'Provider configured, but sending is not implemented yet',
  })
  sendTest(@Body() body: SendTestEmailDto): never {
    return this.email.sendTest(body);
  }
}
