import { CollectionDependency, KeyedDependency } from '../cache/cache-dependency';
import type { CacheInvalidationMap } from '../cache/cache-invalidation.registry';
import type { LoadStatusChangedEvent } from '../loads/loads.events';

/** What the drivers' cached routes are built from. */
export const DriversCache = {
  lists: new CollectionDependency('drivers'),
  driver: new KeyedDependency('driver'),
};

/** A load move that changed a driver's availability changes that driver's row. */
const availability = (event: LoadStatusChangedEvent) =>
  event.driverAvailabilityChanged && event.driverId ? [DriversCache.lists.key, DriversCache.driver.of(event.driverId)] : [];

export const driversInvalidations: CacheInvalidationMap = {
  'driver.changed': (event) => [DriversCache.lists.key, DriversCache.driver.of(event.driverId)],
  'load.assigned': availability,
  'load.status_changed': availability,
};
