import { ApiProperty } from '@nestjs/swagger';

/** The legacy answer of POST /email/test: a failed send is reported here, not as an error. */
export class TestEmailResultDto {
  @ApiProperty({ enum: ['sent', 'failed'] })
  status: 'sent' | 'failed';

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The Message-ID of the email sent; null when it failed',
    example: '<email-test-0b7c…@example.com>',
  })
  message_id: string | null;

  @ApiProperty({ format: 'email' })
  to_email: string;

  @ApiProperty()
  subject: string;

  @ApiProperty({ example: 'smtp' })
  provider: 'smtp';

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the SMTP server did not take the message; null when sent',
  })
  error: string | null;
}
