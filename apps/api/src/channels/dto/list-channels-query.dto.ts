import { ApiPropertyOptional } from '@nestjs/swagger';
import { ChannelType } from '@publishing/db';
import { IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination/pagination.dto';
import { QueryBoolean } from '../../common/request-validation';

export class ListChannelsQueryDto extends PaginationQueryDto {
  // The legacy list returned every channel: the largest page keeps small installations unchanged.
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 100, default: 100 })
  override limit = 100;

  @ApiPropertyOptional({ enum: ChannelType, enumName: 'ChannelType' })
  @IsOptional()
  @IsEnum(ChannelType)
  channel_type?: ChannelType;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ description: 'Case-insensitive part of the name', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;
}
