import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { PaginationQueryDto } from '../common/pagination.dto';

/** Past 2^63 the database refuses an OFFSET and the list would answer 500. */
export const MAX_OFFSET = 2_147_483_647;

/**
 * `PaginationQueryDto` with an upper bound on `offset`, until the common DTO has one. Every
 * validator is restated: class-validator drops a parent's custom validators for a property the
 * subclass decorates.
 */
export class BoundedPaginationQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: MAX_OFFSET, default: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  override offset = 0;
}
