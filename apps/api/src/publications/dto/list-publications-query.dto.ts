import { ApiPropertyOptional } from '@nestjs/swagger';
import { ChannelType, PublicationStatus, PublicationType } from '@publishing/db';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination/pagination.dto';
import { IsStorableInstant } from '../../common/storable-instant';
import { NaiveTimeAsUtc } from './naive-time-as-utc';
import { IsAfterProperty, IsDateTimeWithOffset, RestorePlusInOffset } from './timestamp.validators';

export class ListPublicationsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: PublicationStatus })
  @IsOptional()
  @IsEnum(PublicationStatus)
  status?: PublicationStatus;

  @ApiPropertyOptional({ enum: PublicationType })
  @IsOptional()
  @IsEnum(PublicationType)
  publication_type?: PublicationType;

  @ApiPropertyOptional({ format: 'uuid', description: 'Publications to this channel' })
  @IsOptional()
  @IsUUID('loose')
  channel_id?: string;

  @ApiPropertyOptional({
    enum: ChannelType,
    description: 'Publications with at least one channel of this type',
  })
  @IsOptional()
  @IsEnum(ChannelType)
  channel_type?: ChannelType;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'scheduled_time ≥ this instant (with an offset; encode + as %2B)',
  })
  @IsOptional()
  @RestorePlusInOffset()
  @NaiveTimeAsUtc()
  @IsDateTimeWithOffset()
  @IsStorableInstant()
  scheduled_from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'scheduled_time < this instant' })
  @IsOptional()
  @RestorePlusInOffset()
  @NaiveTimeAsUtc()
  @IsDateTimeWithOffset()
  @IsStorableInstant()
  @IsAfterProperty('scheduled_from')
  scheduled_to?: string;
}
