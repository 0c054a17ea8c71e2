import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { IsStorableInstant } from '../../common/storable-instant';

/** A half-open time range over `recorded_at`: `from` ≤ t < `to` (ISO-8601; both optional). */
export class EngagementRangeQueryDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Events recorded at or after this instant',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsStorableInstant()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events recorded before this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsStorableInstant()
  to?: string;
}

export class EngagementQueryDto extends EngagementRangeQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only events of this channel' })
  @IsOptional()
  @IsUUID('loose')
  channel_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only events of this publication' })
  @IsOptional()
  @IsUUID('loose')
  publication_id?: string;
}
