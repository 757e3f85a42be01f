import { ApiProperty } from '@nestjs/swagger';
import type { DriverPosition } from '../driver-position';

/** One driver's latest reported position, as the endpoint and the stream send it. */
export class PositionDto {
  @ApiProperty({ format: 'uuid', example: '0b8f4c1e-5f2a-4c1b-9d3e-2a7b6c5d4e3f' })
  driverId: string;

  @ApiProperty({ example: 41.8781, minimum: -90, maximum: 90 })
  lat: number;

  @ApiProperty({ example: -87.6298, minimum: -180, maximum: 180 })
  lng: number;

  @ApiProperty({ example: '2026-11-25T18:00:00.000Z', description: 'When the position was reported' })
  reportedAt: string;
}

export class PositionListDto {
  @ApiProperty({ type: [PositionDto], description: 'One entry per driver that has reported a position and that the caller may see' })
  data: PositionDto[];
}

export function toPositionDto(position: DriverPosition): PositionDto {
  return { driverId: position.driverId, lat: position.lat, lng: position.lng, reportedAt: new Date(position.at).toISOString() };
}
