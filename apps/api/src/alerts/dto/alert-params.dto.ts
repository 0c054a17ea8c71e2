import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class AlertParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('loose')
  id: string;
}
