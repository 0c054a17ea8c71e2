import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PublicationType } from '@publishing/db';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsObject,
  IsOptional,
  IsUUID,
} from 'class-validator';
import { IsStorableInstant } from '../../common/storable-instant';
import { IsDateTimeWithOffset, IsInFuture, LowercaseItems } from './timestamp.validators';

export class CreatePublicationDto {
  @ApiPropertyOptional({
    type: String,
    isArray: true,
    format: 'uuid',
    maxItems: 100,
    default: [],
    description: 'Ids of content owned by the content service',
  })
  @IsOptional()
  @LowercaseItems()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('loose', { each: true })
  content_ids?: string[];

  @ApiProperty({
    type: String,
    isArray: true,
    format: 'uuid',
    minItems: 1,
    maxItems: 10,
    uniqueItems: true,
    description: 'Channels to publish to; each must exist and be active',
  })
  @LowercaseItems()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('loose', { each: true })
  channels: string[];

  @ApiProperty({ enum: PublicationType })
  @IsEnum(PublicationType)
  publication_type: PublicationType;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2030-01-01T10:00:00+02:00',
    description:
      'With a time zone offset; must be in the future and, in UTC, no later than 9999-12-31T23:59:59.999Z. Defaults to now.',
  })
  @IsOptional()
  @IsDateTimeWithOffset()
  @IsStorableInstant()
  @IsInFuture()
  scheduled_time?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, default: {} })
  @IsOptional()
  @IsObject()
  personalization_rules?: Record<string, unknown>;

  @ApiPropertyOptional({ format: 'uuid', description: 'An existing, active template' })
  @IsOptional()
  @IsUUID('loose')
  template_id?: string;
}
