import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, ValidateBy } from 'class-validator';
import { decodeListCursor } from './list-cursor';

/**
 * Deeper pages cost a scan of every row before them: past this, clients page with `after`.
 * Also the cap of an exact `total_count` (see bounded-total.ts), so every offset a client can
 * ask for lies within the rows it was told about exactly.
 */
export const MAX_OFFSET = 10_000;

/**
 * `limit` 1–100 (default 20), and either `offset` (≤ 10,000) or the `after` cursor of the previous
 * page's `next_cursor`. List responses also carry `total_count`, `total_count_exact` and
 * `next_cursor`.
 */
export class PaginationQueryDto {
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 100, default: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;

  @ApiPropertyOptional({
    type: Number,
    minimum: 0,
    maximum: MAX_OFFSET,
    default: 0,
    description: `Rows to skip, at most ${MAX_OFFSET}; page deeper with \`after\``,
  })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET, {
    message: `offset must not be greater than ${MAX_OFFSET}; page deeper with the after cursor (next_cursor of the previous page)`,
  })
  @NotWithCursor()
  offset = 0;

  @ApiPropertyOptional({
    type: String,
    maxLength: 200,
    description: "The previous page's `next_cursor`: the page that follows it (instead of offset)",
  })
  @IsOptional()
  @IsString()
  @IsListCursor()
  after?: string;
}

function IsListCursor(): PropertyDecorator {
  return ValidateBy({
    name: 'isListCursor',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !!decodeListCursor(value),
      defaultMessage: () => "after must be a next_cursor from this list's previous page",
    },
  });
}

function NotWithCursor(): PropertyDecorator {
  return ValidateBy({
    name: 'notWithCursor',
    validator: {
      validate: (value: unknown, args) =>
        value === 0 || (args?.object as { after?: unknown } | undefined)?.after === undefined,
      defaultMessage: () =>
        'offset cannot be combined with after: the cursor already says where the page starts',
    },
  });
}
