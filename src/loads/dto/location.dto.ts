import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsLatitudeProperty, IsLongitudeProperty } from '../../common/coordinates';
import { Trim } from '../../common/input-transforms';

/** A named place; used for both request bodies and responses. */
export class LocationDto {
  @ApiProperty({ example: 'Chicago, IL', minLength: 1, maxLength: 120 })
  @Trim()
  @IsString()
  @Length(1, 120)
  city: string;

  @IsLatitudeProperty()
  lat: number;

  @IsLongitudeProperty()
  lng: number;
}
