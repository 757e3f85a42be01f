import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsLatitudeProperty, IsLongitudeProperty } from '../../common/coordinates';
import { Trim } from '../../common/input-transforms';

export class RouteStopDto {
  @IsLatitudeProperty()
  lat: number;

  @IsLongitudeProperty()
  lng: number;

  @ApiPropertyOptional({ example: 'Chicago, IL', maxLength: 120 })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  label?: string;
}
