import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsString, Length } from 'class-validator';
import { IsOptionalNotNull, Trim } from '../../common/request-validation';

/** Partial update: absent fields keep their value; `configuration`, when sent, replaces the whole object. */
export class UpdateChannelDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'Replaces the stored configuration. Masked secrets sent back unchanged keep the stored values.',
  })
  @IsOptionalNotNull()
  @IsObject()
  configuration?: Record<string, unknown>;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  is_active?: boolean;
}
