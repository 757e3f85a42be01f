import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsLatitudeProperty, IsLongitudeProperty } from '../../common/coordinates';
import { Trim } from '../../common/input-transforms';
import { IsOptionalNotNull } from '../../common/optional-not-null';

export class RouteStopDto {
  @IsLatitudeProperty()
  lat: number;

  @IsLongitudeProperty()
  lng: number;

  @ApiPropertyOptional({ example: 'Chicago, IL', minLength: 1, maxLength: 120, description: 'Leave it out for no label (null is refused)' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  label?: string;
}
