import { RouteStopDto } from './route-stop.dto';
import { RouteStops } from './route-stops.decorator';

/** The stops are the only editable part; distance and ETA are recomputed from them. */
export class UpdateRouteDto {
  @RouteStops()
  stops: RouteStopDto[];
}
