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

  @ApiProperty()
  total_count: number;

  @ApiProperty()
  limit: number;

  @ApiProperty()
  offset: number;
}
