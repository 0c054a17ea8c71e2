import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { PublicationType } from '@publishing/db';
import { Allow } from 'class-validator';
import { CreatePublicationDto } from './create-publication.dto';

export class ScheduleNewsletterDto extends OmitType(CreatePublicationDto, [
  'publication_type',
] as const) {
  @ApiPropertyOptional({
    enum: [PublicationType.newsletter],
    description:
      'Always newsletter on this route, whatever is sent (as the old service did); any other value is named in meta.warnings',
  })
  @Allow()
  publication_type?: unknown;
}
