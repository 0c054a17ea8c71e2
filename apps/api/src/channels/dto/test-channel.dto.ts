import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional } from 'class-validator';

export class TestChannelDto {
  @ApiPropertyOptional({
    format: 'email',
    description: 'Email channels: where the test message goes (default: the channel’s from_email)',
  })
  @IsOptional()
  @IsEmail()
  test_email?: string;
}
