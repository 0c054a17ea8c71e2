import { ApiPropertyOptional } from '@nestjs/swagger';
import { AlertStatus } from '@publishing/db';
import { IsEnum, IsOptional } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination/pagination.dto';

export class ListAlertsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: AlertStatus, enumName: 'AlertStatus' })
  @IsOptional()
  @IsEnum(AlertStatus)
  status?: AlertStatus;
}
