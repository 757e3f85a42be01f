import { KeyedDependency, QueryDependencies, queryValues } from '../cache/cache-dependency';
import type { CacheInvalidationMap } from '../cache/cache-invalidation.registry';
import type { LoadChangedEvent, LoadStatusChangedEvent } from './loads.events';

/** What the loads' cached routes are built from. */
export const LoadsCache = {
  /** The lists of one status filter value; `any` for lists with no status filter. */
  byStatus: new KeyedDependency('loads-status'),
  /** The lists filtered on one driver. */
  byDriver: new KeyedDependency('loads-driver'),
  load: new KeyedDependency('load'),
};

const ANY_STATUS = 'any';

/**
 * A list's membership. Filtered on a driver, it can only change when a load of that driver
 * changes; otherwise, when a load of one of its statuses changes (or any load, unfiltered).
 * The date range only narrows a status list further, so the statuses cover it.
 */
export const loadListMembership = new QueryDependencies((query) => {
  const drivers = queryValues(query, 'driverId');
  if (drivers.length > 0) return drivers.map((id) => LoadsCache.byDriver.of(id));
  const statuses = queryValues(query, 'status');
  return (statuses.length > 0 ? statuses : [ANY_STATUS]).map((status) => LoadsCache.byStatus.of(status));
});

/** The lists a load was or is a member of, and its own detail. */
function membership(loadId: string, statuses: string[], driverId: string | null): string[] {
  return [
    LoadsCache.load.of(loadId),
    LoadsCache.byStatus.of(ANY_STATUS),
    ...statuses.map((status) => LoadsCache.byStatus.of(status)),
    ...(driverId ? [LoadsCache.byDriver.of(driverId)] : []),
  ];
}

const changed = (event: LoadChangedEvent) => membership(event.loadId, [event.status], event.driverId);
const moved = (event: LoadStatusChangedEvent) => membership(event.loadId, [event.previousStatus, event.status], event.driverId);

export const loadsInvalidations: CacheInvalidationMap = {
  'load.created': changed,
  'load.updated': changed,
  'load.deleted': changed,
  'load.assigned': moved,
  'load.status_changed': moved,
};
