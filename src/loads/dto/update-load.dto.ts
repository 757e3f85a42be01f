import { LoadFields } from './load-fields';
import { LocationDto } from './location.dto';
import { TimeWindowDto } from './time-window.dto';

/** Any writable field; status and driver change only through the lifecycle endpoints. */
export class UpdateLoadDto {
  @LoadFields.reference()
  reference?: string;

  @LoadFields.location(false, 'Replaces the whole origin')
  origin?: LocationDto;

  @LoadFields.location(false, 'Replaces the whole destination')
  destination?: LocationDto;

  @LoadFields.window(false, 'Replaces the pickup window; checked against the delivery window after the update')
  pickupWindow?: TimeWindowDto;

  @LoadFields.window(false, 'Replaces the delivery window; checked against the pickup window after the update')
  deliveryWindow?: TimeWindowDto;

  @LoadFields.weightKg(false)
  weightKg?: number;

  @LoadFields.rateCents(false)
  rateCents?: number;
}
