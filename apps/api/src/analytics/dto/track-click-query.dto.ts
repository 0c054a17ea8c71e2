import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** A click-tracking link as `signedClickUrl` writes it. */
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
    description:
      'HMAC-SHA256 (base64url) of the other parameters with the service signing secret; ' +
      'links without a valid signature are refused (no open redirect)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  sig?: string;
}
