import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class SubscribeToChannelDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  channel_id: string;
}
