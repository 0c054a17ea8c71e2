import { ApiPropertyOptional } from '@nestjs/swagger';
import { ChannelType } from '@publishing/db';
import { IsBoolean, IsEnum, IsObject, IsString, Length } from 'class-validator';
import { IsOptionalNotNull, Trim } from '../../common/request-validation';
import {
  CHANNEL_CONFIGURATION_DESCRIPTION,
  channelConfigurationSchemas,
} from './channel-configuration.schema';

/** Partial update: absent fields keep their value; `configuration`, when sent, replaces the whole object. */
export class UpdateChannelDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({
    anyOf: channelConfigurationSchemas,
    description: `Replaces the stored configuration. ${CHANNEL_CONFIGURATION_DESCRIPTION}`,
  })
  @IsOptionalNotNull()
  @IsObject()
  configuration?: Record<string, unknown>;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({
    enum: ChannelType,
    description: 'Accepted when it is the current type (clients send the whole channel back)',
  })
  @IsOptionalNotNull()
  @IsEnum(ChannelType)
  channel_type?: ChannelType;
}
