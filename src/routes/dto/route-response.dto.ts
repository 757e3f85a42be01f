import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { KeysetPageDto } from '../../common/page-response.dto';
import type { RoutePlan, RouteStop } from '../route-plan.entity';

export class RouteStopResponseDto {
  @ApiProperty({ example: 41.8781 })
  lat: number;

  @ApiProperty({ example: -87.6298 })
  lng: number;

  @ApiPropertyOptional({ example: 'Chicago, IL', description: 'Absent when none was given' })
  label?: string;
}

export class RouteResponseDto {
  @ApiProperty({ format: 'uuid', example: '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' })
  id: string;

  @ApiProperty({ format: 'uuid', example: '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' })
  loadId: string;

  @ApiProperty({ type: [RouteStopResponseDto] })
  stops: RouteStopResponseDto[];

  @ApiProperty({ example: 1294.96, description: 'Great-circle length through the stops in order, km, 2 decimals' })
  distanceKm: number;

  @ApiProperty({ example: 1196, description: 'distanceKm at the configured average speed, whole minutes rounded up' })
  etaMinutes: number;

  @ApiProperty({ example: '2026-11-25T18:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-25T18:00:00.000Z' })
  updatedAt: string;
}

export class RoutePageDto extends KeysetPageDto(RouteResponseDto) {}

function toStopResponse(stop: RouteStop): RouteStopResponseDto {
  // == null: stops saved before null labels were refused hold label: null, which the schema does not allow.
  return stop.label == null ? { lat: stop.lat, lng: stop.lng } : { lat: stop.lat, lng: stop.lng, label: stop.label };
}

export function toRouteResponse(route: RoutePlan): RouteResponseDto {
  return {
    id: route.id,
    loadId: route.loadId,
    stops: route.stops.map(toStopResponse),
    distanceKm: route.distanceKm,
    etaMinutes: route.etaMinutes,
    createdAt: route.createdAt.toISOString(),
    updatedAt: route.updatedAt.toISOString(),
  };
}
