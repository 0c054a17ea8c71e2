import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional } from 'class-validator';

export class TestPublicationDto {
  @ApiPropertyOptional({
    format: 'email',
    description: 'One address instead of the channels’ subscribers',
  })
  @IsOptional()
  @IsEmail()
  test_email?: string;
}
