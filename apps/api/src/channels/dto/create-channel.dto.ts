import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ChannelType } from '@publishing/db';
import { IsBoolean, IsEnum, IsObject, IsString, Length } from 'class-validator';
import { Trim } from '../../common/request-validation';
import {
  CHANNEL_CONFIGURATION_DESCRIPTION,
  channelConfigurationSchemas,
} from './channel-configuration.schema';

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
    anyOf: channelConfigurationSchemas,
    default: {},
    description: CHANNEL_CONFIGURATION_DESCRIPTION,
    example: { webhook_url: 'https://hooks.slack.com/services/T000/B000/XXXX' },
  })
  @IsObject()
  configuration: Record<string, unknown> = {};

  @ApiPropertyOptional({ type: Boolean, default: true })
  @IsBoolean()
  is_active = true;
}
