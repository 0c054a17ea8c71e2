import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class ChannelEngagementParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('loose')
  channel_id: string;
}

export class PublicationEngagementParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('loose')
  publication_id: string;
}
