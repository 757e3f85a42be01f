import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { UserRole } from '../../users/user-role';

export class LoginDto {
  @ApiProperty({ example: 'dispatcher@freight.local' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'dispatcher123' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'JWT to send as `Authorization: Bearer <token>`' })
  accessToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: string;

  @ApiProperty({ example: 3600, description: 'Seconds until the token expires' })
  expiresIn: number;

  @ApiProperty({ enum: UserRole, enumName: 'UserRole' })
  role: UserRole;

  @ApiProperty({ format: 'uuid' })
  userId: string;
}
