import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { Trim } from '../../common/input-transforms';
import { IsDriverPhone, PHONE_PATTERN } from './driver-phone';

export class CreateDriverDto {
  @ApiProperty({
    format: 'uuid',
    description: 'An existing user with role driver, not yet linked to a driver',
    example: '7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  })
  @IsUUID('4')
  userId: string;

  @ApiProperty({ example: 'Diego Driver', maxLength: 120 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+1-555-0110', maxLength: 40, pattern: PHONE_PATTERN.source })
  @IsDriverPhone()
  phone?: string | null;

  @ApiProperty({ example: 'CDL-100200', maxLength: 40 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  licenseNumber: string;
}
