import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { PublicationType } from '@publishing/db';
import { IsIn, IsOptional } from 'class-validator';
import { CreatePublicationDto } from './create-publication.dto';

export class ScheduleNewsletterDto extends OmitType(CreatePublicationDto, [
  'publication_type',
] as const) {
  @ApiPropertyOptional({
    enum: [PublicationType.newsletter],
    description: 'Always newsletter on this route; accepted because legacy clients send it',
  })
  @IsOptional()
  @IsIn([PublicationType.newsletter], { message: 'must be newsletter on this route, or left out' })
  publication_type?: typeof PublicationType.newsletter;
}
