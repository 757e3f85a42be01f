import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { Trim } from '../../common/input-transforms';
import { IsOptionalNotNull } from '../../common/optional-not-null';

const PHONE = /^\+?[0-9][0-9 ().-]{2,38}$/;

/** Every field is optional, but at least one must be sent. The email cannot be changed here. */
export class UpdateProfileDto {
  @ApiPropertyOptional({ example: 'Dana Dispatcher', maxLength: 120 })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '+1-555-0100',
    pattern: PHONE.source,
    description: 'null removes the phone number',
  })
  // null is a value here (clear the phone), so only an absent field skips validation.
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @Trim()
  @IsString()
  @Matches(PHONE, { message: 'phone must be a phone number: digits, spaces, ( ) . - and an optional leading +' })
  phone?: string | null;

  @ApiPropertyOptional({ example: 'dispatcher123', description: 'Required with newPassword' })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword?: string;

  @ApiPropertyOptional({ example: 'a-longer-passphrase', minLength: 8, maxLength: 200 })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  newPassword?: string;
}
