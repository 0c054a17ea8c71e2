import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { EmailStatusDto } from './dto/email-status.dto';
import { SendTestEmailDto } from './dto/send-test-email.dto';
import { TestEmailResultDto } from './dto/test-email-result.dto';
import { EmailService } from './email.service';

@ApiTags('email')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('email')
export class EmailController {
  constructor(private readonly email: EmailService) {}

  @Get('status')
  @ApiOperation({
    summary: 'The SMTP sender (host, port, from; no credentials) and whether it is set',
  })
  @ApiOkResponse({ type: EmailStatusDto })
  status(): EmailStatusDto {
    return this.email.status();
  }

  @Post('test')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Send one test email through the SMTP settings; a send the server refuses answers 200 with status "failed"',
  })
  @ApiOkResponse({ type: TestEmailResultDto })
  @ApiServiceUnavailableResponse({ description: 'No email provider configured: nothing was sent' })
  @ApiUnprocessableEntityResponse({ description: 'to_email is not an address email can go to' })
  sendTest(@Body() body: SendTestEmailDto): Promise<TestEmailResultDto> {
    return this.email.sendTest(body);
  }
}
