import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { IsLatitudeProperty, IsLongitudeProperty } from '../../common/coordinates';

/** A named place; used for both request bodies and responses. */
export class LocationDto {
  @ApiProperty({ example: 'Chicago, IL', minLength: 1, maxLength: 120 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 120)
  city: string;

  @IsLatitudeProperty()
  lat: number;

  @IsLongitudeProperty()
  lng: number;
}
