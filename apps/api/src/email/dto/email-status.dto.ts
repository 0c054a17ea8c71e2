import { ApiProperty } from '@nestjs/swagger';

/** What GET /email/status reports of the API's SMTP settings; never a user name or password. */
export class EmailStatusDto {
  @ApiProperty({ example: 'smtp' })
  provider: 'smtp';

  @ApiProperty({ description: 'SMTP_HOST and SMTP_FROM are set' })
  configured: boolean;

  @ApiProperty({ description: 'Emails can be sent now (POST /email/test tries one)' })
  ready: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'SMTP_FROM, when configured' })
  sender: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'SMTP_HOST, when configured' })
  host: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'SMTP_PORT, or its default' })
  port: number | null;

  @ApiProperty({ description: 'Implicit TLS (SMTP_SECURE)' })
  secure: boolean;

  @ApiProperty({ description: 'Signs in with SMTP_USER and SMTP_PASSWORD' })
  authenticated: boolean;

  @ApiProperty({ description: 'What is configured, or what to set' })
  detail: string;
}
