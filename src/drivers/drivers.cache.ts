import { KeyedDependency, QueryDependencies, queryValues } from '../cache/cache-dependency';
import type { CacheInvalidationMap } from '../cache/cache-invalidation.registry';
import type { LoadStatusChangedEvent } from '../loads/loads.events';
import type { DriverPositionsPersistedEvent } from '../positions/positions.events';
import type { DriverChangedEvent } from './drivers.events';

/** What the drivers' cached routes are built from. */
export const DriversCache = {
  /** The lists of one isAvailable filter value (true, false); `any` for unfiltered lists. */
  byAvailability: new KeyedDependency('drivers-available'),
  driver: new KeyedDependency('driver'),
};

const ANY = 'any';

/** A list's membership: its availability filter, or every driver. */
export const driverListMembership = new QueryDependencies((query) => {
  const values = queryValues(query, 'isAvailable');
  return (values.length > 0 ? values : [ANY]).map((value) => DriversCache.byAvailability.of(value));
});

function membership(driverId: string, availability: boolean[]): string[] {
  return [
    DriversCache.driver.of(driverId),
    DriversCache.byAvailability.of(ANY),
    ...[...new Set(availability)].map((value) => DriversCache.byAvailability.of(String(value))),
  ];
}

/** A load move that changed a driver's availability moved that driver between the lists. */
const availability = (event: LoadStatusChangedEvent) =>
  event.driverAvailabilityChanged && event.driverId ? membership(event.driverId, [true, false]) : [];

/**
 * Location reports do not appear here: they are telemetry, and clearing every drivers list
 * 25 times a second left nothing cached. A flush of positions to PostgreSQL moves only the
 * detail of each driver it wrote, so GET /api/drivers/:id stays exact with respect to
 * PostgreSQL; lists show positions as of when the page was built (their TTL bounds that age).
 */
export const driversInvalidations: CacheInvalidationMap = {
  'driver.changed': (event: DriverChangedEvent) => membership(event.driverId, [event.wasAvailable, event.isAvailable]),
  'driver.positions_persisted': (event: DriverPositionsPersistedEvent) => event.driverIds.map((id) => DriversCache.driver.of(id)),
  'load.assigned': availability,
  'load.status_changed': availability,
};
