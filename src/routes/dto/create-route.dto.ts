import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { RouteStopDto } from './route-stop.dto';
import { RouteStops } from './route-stops.decorator';

export class CreateRouteDto {
  @ApiProperty({ format: 'uuid', description: 'The load this route is planned for', example: '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' })
  @IsUUID('4')
  loadId: string;

  @RouteStops()
  stops: RouteStopDto[];
}
