import { LoadFields } from './load-fields';
import { LocationDto } from './location.dto';
import { TimeWindowDto } from './time-window.dto';

export class CreateLoadDto {
  @LoadFields.reference()
  reference?: string;

  @LoadFields.location(true, 'Where the freight is picked up')
  origin: LocationDto;

  @LoadFields.location(true, 'Where the freight is delivered')
  destination: LocationDto;

  @LoadFields.window(true, 'When the freight can be picked up')
  pickupWindow: TimeWindowDto;

  @LoadFields.window(true, 'When the freight must be delivered; must end after the pickup window starts')
  deliveryWindow: TimeWindowDto;

  @LoadFields.weightKg(true)
  weightKg: number;

  @LoadFields.rateCents(true)
  rateCents: number;
}
