import { PartialType } from '@nestjs/swagger';
import { CreateTemplateDto } from './create-template.dto';

/** Every field may be left out; `null` is refused (no field of a template can be emptied). */
export class UpdateTemplateDto extends PartialType(CreateTemplateDto, {
  skipNullProperties: false,
}) {}
