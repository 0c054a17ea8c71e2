import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** Past this the database refuses an OFFSET (and the list would answer 500). */
export const MAX_OFFSET = 2_147_483_647;

/** `limit` 1–100 (default 20) and `offset` ≥ 0; list responses also carry `total_count`. */
export class PaginationQueryDto {
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 100, default: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: MAX_OFFSET, default: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset = 0;
}
