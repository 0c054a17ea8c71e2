import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AlertPriority } from '@publishing/db';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum, IsUUID } from 'class-validator';
import { IsOptionalNotNull } from '../../common/request-validation';

export class CreateAlertDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The content the alert is about (owned by another service)',
  })
  @IsUUID('loose')
  content_id: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: 5,
    description: 'Existing, active channels to alert on',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsUUID('loose', { each: true })
  target_channels: string[];

  @ApiPropertyOptional({
    enum: AlertPriority,
    enumName: 'AlertPriority',
    default: AlertPriority.high,
    description: 'May be left out (high); null is refused, as the legacy service did',
  })
  @IsOptionalNotNull()
  @IsEnum(AlertPriority)
  priority: AlertPriority = AlertPriority.high;
}
