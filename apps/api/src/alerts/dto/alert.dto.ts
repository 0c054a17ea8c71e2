import { ApiProperty } from '@nestjs/swagger';
import { AlertPriority, AlertStatus } from '@publishing/db';

/** An alert as the API answers it. */
export class AlertDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  content_id: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  target_channels: string[];

  @ApiProperty({ enum: AlertPriority, enumName: 'AlertPriority' })
  priority: AlertPriority;

  @ApiProperty({ enum: AlertStatus, enumName: 'AlertStatus' })
  status: AlertStatus;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: string | null;
}

export class AlertListDto {
  @ApiProperty({ type: [AlertDto] })
  alerts: AlertDto[];

  @ApiProperty({ description: 'Exact up to 10,000 matching alerts; see total_count_exact' })
  total_count: number;

  @ApiProperty({ description: 'false: total_count is an estimate (more than 10,000 match)' })
  total_count_exact: boolean;

  @ApiProperty()
  limit: number;

  @ApiProperty()
  offset: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `after` for the next page; null on the last page',
  })
  next_cursor: string | null;
}
