import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TemplateType } from '@publishing/db';
import { IsBoolean, IsEnum, IsObject, IsString, Length } from 'class-validator';
import { IsOptionalNotNull } from '../../common/request-validation';

export class CreateTemplateDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Weekly digest' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: TemplateType })
  @IsEnum(TemplateType)
  template_type: TemplateType;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The parts the type needs: email `subject` and `body_html` and/or `body_text`; slack and discord ' +
      '`text`; webhook `payload` (an object). Every string is a sandboxed Liquid template ' +
      '(`{{ name | upcase }}`, `{% if %}`, `{% for %}`; no `include`/`render`/`layout`) that may read ' +
      'the variables declared in `variable_definitions` and the built-ins `subscriber`, ' +
      '`publication`, `channel` and `unsubscribe_url`. `{{ }}` output in `body_html` and `*_html` ' +
      'parts is HTML-escaped unless piped through `| raw`.',
    example: { subject: 'Hello {{ first_name }}', body_html: '<p>Hi {{ first_name }}</p>' },
  })
  @IsObject()
  content_structure: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, default: {} })
  @IsOptionalNotNull()
  @IsObject()
  formatting_rules?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, default: {} })
  @IsOptionalNotNull()
  @IsObject()
  branding_elements?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    default: {},
    description:
      'Variable name → `{type: string|number|boolean, required?: boolean, default?, description?}`.',
    example: { first_name: { type: 'string', required: false, default: 'reader' } },
  })
  @IsOptionalNotNull()
  @IsObject()
  variable_definitions?: Record<string, unknown>;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNotNull()
  @IsBoolean()
  is_active?: boolean;
}
