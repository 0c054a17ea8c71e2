import { ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { CreatePublicationDto } from './create-publication.dto';

/**
 * Fields left out (or null, as the legacy service read them) are kept; `channels` replaces the
 * whole list. `template_id: null` detaches the template, the one field that can be emptied.
 */
export class UpdatePublicationDto extends PartialType(
  PickType(CreatePublicationDto, ['scheduled_time', 'personalization_rules', 'channels'] as const),
) {
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'An existing, active template; null detaches the current one',
  })
  @IsOptional()
  @IsUUID('loose')
  template_id?: string | null;
}
