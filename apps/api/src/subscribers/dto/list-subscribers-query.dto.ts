import { ApiPropertyOptional } from '@nestjs/swagger';
import { SubscriptionStatus } from '@publishing/db';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination/pagination.dto';

export class ListSubscribersQueryDto extends PaginationQueryDto {
  // The legacy default page size; the bound (100) is new.
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 100, default: 50 })
  override limit = 50;

  @ApiPropertyOptional({ enum: SubscriptionStatus, enumName: 'SubscriptionStatus' })
  @IsOptional()
  @IsEnum(SubscriptionStatus)
  status?: SubscriptionStatus;

  @ApiPropertyOptional({ description: 'Case-insensitive part of the email', maxLength: 254 })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only subscribers of this channel' })
  @IsOptional()
  @IsUUID()
  channel_id?: string;
}
