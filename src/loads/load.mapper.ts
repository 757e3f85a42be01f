import { LoadResponseDto } from './dto/load-response.dto';
import type { Load } from './load.entity';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** The one place a Load entity becomes what the API shows. */
export function toLoadResponse(load: Load): LoadResponseDto {
  return {
    id: load.id,
    reference: load.reference,
    origin: { city: load.originCity, lat: load.originLat, lng: load.originLng },
    destination: { city: load.destinationCity, lat: load.destinationLat, lng: load.destinationLng },
    pickupWindow: { start: load.pickupWindowStart.toISOString(), end: load.pickupWindowEnd.toISOString() },
    deliveryWindow: { start: load.deliveryWindowStart.toISOString(), end: load.deliveryWindowEnd.toISOString() },
    weightKg: load.weightKg,
    rateCents: load.rateCents,
    status: load.status,
    driverId: load.driverId,
    createdById: load.createdById,
    createdAt: load.createdAt.toISOString(),
    updatedAt: load.updatedAt.toISOString(),
    pickedUpAt: iso(load.pickedUpAt),
    deliveredAt: iso(load.deliveredAt),
    cancelledAt: iso(load.cancelledAt),
  };
}
