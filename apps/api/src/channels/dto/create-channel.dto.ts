import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ChannelType } from '@publishing/db';
import { IsBoolean, IsEnum, IsObject, IsString, Length } from 'class-validator';
import { Trim } from '../../common/request-validation';

export class CreateChannelDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Engineering Slack' })
  @Trim()
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: ChannelType, enumName: 'ChannelType' })
  @IsEnum(ChannelType)
  channel_type: ChannelType;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    default: {},
    description:
      'Per-type settings: webhook needs `url`, slack and discord `webhook_url` (http or https); email may carry `from_email` and `smtp_*`. Secrets are write-only: responses mask them, and sending a masked value back keeps the stored one.',
    example: { webhook_url: 'https://hooks.slack.com/services/T000/B000/XXXX' },
  })
  @IsObject()
  configuration: Record<string, unknown> = {};

  @ApiPropertyOptional({ type: Boolean, default: true })
  @IsBoolean()
  is_active = true;
}
