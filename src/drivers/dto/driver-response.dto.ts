import { ApiProperty } from '@nestjs/swagger';
import { KeysetPageDto } from '../../common/page-response.dto';
import type { Driver } from '../driver.entity';

export class DriverLocationDto {
  @ApiProperty({ example: 41.8781, minimum: -90, maximum: 90 })
  lat: number;

  @ApiProperty({ example: -87.6298, minimum: -180, maximum: 180 })
  lng: number;

  @ApiProperty({ example: '2026-11-25T18:00:00.000Z', description: 'When the position was reported' })
  updatedAt: string;
}

export class DriverResponseDto {
  @ApiProperty({ format: 'uuid', example: '0b8f4c1e-5f2a-4c1b-9d3e-2a7b6c5d4e3f' })
  id: string;

  @ApiProperty({ format: 'uuid', description: 'The linked user account (role driver)', example: '7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d' })
  userId: string;

  @ApiProperty({ example: 'Diego Driver' })
  name: string;

  @ApiProperty({ type: String, nullable: true, example: '+1-555-0110' })
  phone: string | null;

  @ApiProperty({ example: 'CDL-100200' })
  licenseNumber: string;

  @ApiProperty({ example: true, description: 'False while the driver has an assigned or in-transit load, or when set off duty' })
  isAvailable: boolean;

  @ApiProperty({ type: DriverLocationDto, nullable: true, description: 'Last reported position; null before the first report' })
  location: DriverLocationDto | null;

  @ApiProperty({ example: '2026-11-25T18:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-25T18:00:00.000Z' })
  updatedAt: string;
}

export class DriverPageDto extends KeysetPageDto(DriverResponseDto) {}

export function toDriverResponse(driver: Driver): DriverResponseDto {
  const hasLocation = driver.currentLat !== null && driver.currentLng !== null && driver.locationUpdatedAt !== null;
  return {
    id: driver.id,
    userId: driver.userId,
    name: driver.name,
    phone: driver.phone,
    licenseNumber: driver.licenseNumber,
    isAvailable: driver.isAvailable,
    location: hasLocation ? { lat: driver.currentLat!, lng: driver.currentLng!, updatedAt: driver.locationUpdatedAt!.toISOString() } : null,
    createdAt: driver.createdAt.toISOString(),
    updatedAt: driver.updatedAt.toISOString(),
  };
}
