import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ChannelType } from '@publishing/db';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsEnum,
  IsObject,
  IsOptional,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { Trim } from '../../common/request-validation';
import { IsTopicInterests } from './topic-interests.validator';

export const MAX_EMAIL_LENGTH = 254;
export const MAX_PREFERRED_CHANNELS = 100;

export class CreateSubscriberDto {
  @ApiProperty({ example: 'reader@example.com', maxLength: MAX_EMAIL_LENGTH })
  @Trim()
  @IsEmail()
  @MaxLength(MAX_EMAIL_LENGTH)
  email: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  user_id?: string | null;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    default: [],
    description: 'Ids of existing channels to subscribe to',
  })
  @IsArray()
  @ArrayMaxSize(MAX_PREFERRED_CHANNELS)
  @IsUUID(undefined, { each: true })
  preferred_channels: string[] = [];

  @ApiPropertyOptional({ enum: ChannelType, enumName: 'ChannelType', isArray: true, default: [] })
  @IsArray()
  @IsEnum(ChannelType, { each: true })
  preferred_channel_types: ChannelType[] = [];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number', minimum: 0, maximum: 1 },
    default: {},
    example: { technology: 0.8, finance: 0.2 },
  })
  @IsTopicInterests()
  topic_interests: Record<string, number> = {};

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, default: {} })
  @IsObject()
  frequency_settings: Record<string, unknown> = {};

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, default: {} })
  @IsObject()
  personalization_data: Record<string, unknown> = {};
}
