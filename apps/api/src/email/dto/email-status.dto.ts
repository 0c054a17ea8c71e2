import { ApiProperty } from '@nestjs/swagger';

export class EmailStatusDto {
  @ApiProperty({ example: 'smtp' })
  provider: 'smtp';

  @ApiProperty({ description: 'SMTP_HOST is set' })
  configured: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'SMTP_FROM, when set' })
  sender: string | null;

  @ApiProperty({ description: 'Emails can be sent now' })
  ready: boolean;

  @ApiProperty({ description: 'Why the provider is or is not ready' })
  detail: string;
}
