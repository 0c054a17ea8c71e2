import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';

export class PreviewTemplateDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    default: {},
    description:
      'Variable name → sample value; declared defaults fill in the others. The built-ins ' +
      '(`subscriber`, `publication`, `channel`, `unsubscribe_url`) have sample values that may be ' +
      'overridden here.',
    example: { first_name: 'Ada' },
  })
  @IsOptional()
  @IsObject()
  variables?: Record<string, unknown>;
}
