import { ApiProperty } from '@nestjs/swagger';
import { User } from '../user.entity';
import { UserRole } from '../user-role';

export class ProfileDto {
  @ApiProperty({ format: 'uuid', example: '0b7e6f7c-5d1a-4c2b-9e3f-1a2b3c4d5e6f' })
  id: string;

  @ApiProperty({ example: 'dispatcher@freight.local' })
  email: string;

  @ApiProperty({ example: 'Dana Dispatcher' })
  name: string;

  @ApiProperty({ type: String, nullable: true, example: '+1-555-0100' })
  phone: string | null;

  @ApiProperty({ enum: UserRole, enumName: 'UserRole', example: UserRole.Dispatcher })
  role: UserRole;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null, description: "The caller's driver record; null unless a driver" })
  driverId: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-01T09:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-25T18:00:00.000Z' })
  updatedAt: string;

  static from(user: User, driverId: string | null): ProfileDto {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      phone: user.phone,
      role: user.role,
      driverId,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    };
  }
}
