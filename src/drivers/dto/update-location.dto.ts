import { IsLatitudeProperty, IsLongitudeProperty } from '../../common/coordinates';

export class UpdateLocationDto {
  @IsLatitudeProperty()
  lat: number;

  @IsLongitudeProperty()
  lng: number;
}
