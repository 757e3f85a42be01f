import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsLatitudeProperty, IsLongitudeProperty } from '../../common/coordinates';

export class RouteStopDto {
  @IsLatitudeProperty()
  lat: number;

  @IsLongitudeProperty()
  lng: number;

  @ApiPropertyOptional({ example: 'Chicago, IL', maxLength: 120 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  label?: string;
}
