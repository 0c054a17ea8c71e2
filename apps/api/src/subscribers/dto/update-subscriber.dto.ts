import { ApiPropertyOptional } from '@nestjs/swagger';
import { ChannelType, SubscriptionStatus } from '@publishing/db';
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
import { IsOptionalNotNull, Trim } from '../../common/request-validation';
import { MAX_EMAIL_LENGTH, MAX_PREFERRED_CHANNELS } from './create-subscriber.dto';
import { IsTopicInterests } from './topic-interests.validator';

/**
 * Partial update: absent fields keep their value. Written out rather than derived with
 * PartialType, which would inherit the create defaults (`preferred_channels = []` would then
 * drop every subscription on each update) and let `null` through for non-nullable columns.
 */
export class UpdateSubscriberDto {
  @ApiPropertyOptional({ maxLength: MAX_EMAIL_LENGTH })
  @IsOptionalNotNull()
  @Trim()
  @IsEmail()
  @MaxLength(MAX_EMAIL_LENGTH)
  email?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsUUID()
  user_id?: string | null;

  @ApiPropertyOptional({ enum: SubscriptionStatus, enumName: 'SubscriptionStatus' })
  @IsOptionalNotNull()
  @IsEnum(SubscriptionStatus)
  subscription_status?: SubscriptionStatus;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Replaces the subscriptions: channels not listed are unsubscribed',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_PREFERRED_CHANNELS)
  @IsUUID(undefined, { each: true })
  preferred_channels?: string[];

  @ApiPropertyOptional({ enum: ChannelType, enumName: 'ChannelType', isArray: true })
  @IsOptionalNotNull()
  @IsArray()
  @IsEnum(ChannelType, { each: true })
  preferred_channel_types?: ChannelType[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number', minimum: 0, maximum: 1 },
  })
  @IsOptionalNotNull()
  @IsTopicInterests()
  topic_interests?: Record<string, number>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptionalNotNull()
  @IsObject()
  frequency_settings?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptionalNotNull()
  @IsObject()
  personalization_data?: Record<string, unknown>;
}
