import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../common/input-transforms';
import { IsOptionalNotNull } from '../../common/optional-not-null';
import { IsDriverPhone, PHONE_PATTERN } from './driver-phone';

/** Every field optional; absent fields are left as they are. Only phone may be null (to clear it). */
export class UpdateDriverDto {
  @ApiPropertyOptional({ example: 'Diego Driver', maxLength: 120 })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '+1-555-0110',
    maxLength: 40,
    pattern: PHONE_PATTERN.source,
    description: 'null clears the phone',
  })
  @IsDriverPhone()
  phone?: string | null;

  @ApiPropertyOptional({ example: 'CDL-100200', maxLength: 40 })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  licenseNumber?: string;

  @ApiPropertyOptional({
    example: false,
    description: 'Off/on duty. Cannot be set to true while the driver has an assigned or in-transit load (409).',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  isAvailable?: boolean;
}
