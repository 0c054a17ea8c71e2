import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** A click-tracking link as `signedClickUrl` writes it, or as the Python service wrote it (no `sig`). */
export class TrackClickQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('loose')
  publication_id: string;

  @ApiProperty({ description: 'The destination (http or https), exactly as signed' })
  @IsString()
  @MaxLength(4096)
  url: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('loose')
  channel_id?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('loose')
  subscriber_id?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Recorded with the click of an unsigned (legacy) link; ignored on signed links',
  })
  @IsOptional()
  @IsUUID('loose')
  user_id?: string;

  @ApiPropertyOptional({
    description:
      'HMAC-SHA256 (base64url) of the other parameters with the service signing secret; ' +
      'links with an invalid one are refused, links without one (sent by the Python service) ' +
      'answer a page naming the destination (no open redirect)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  sig?: string;
}
