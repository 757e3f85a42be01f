import { CollectionDependency, KeyedDependency, QueryDependencies, queryValues } from '../cache/cache-dependency';
import type { CacheInvalidationMap } from '../cache/cache-invalidation.registry';

/** What the routes' cached routes are built from. */
export const RoutesCache = {
  /** The lists filtered on one load; `any` for unfiltered lists. */
  byLoad: new KeyedDependency('routes-load'),
  route: new KeyedDependency('route'),
  /** Every route detail: cleared when a load's route plans are deleted with it. */
  details: new CollectionDependency('route-details'),
};

const ANY = 'any';

/** A list's membership: the load it is filtered on, or every route plan. */
export const routeListMembership = new QueryDependencies((query) => {
  const loads = queryValues(query, 'loadId');
  return (loads.length > 0 ? loads : [ANY]).map((id) => RoutesCache.byLoad.of(id));
});

export const routesInvalidations: CacheInvalidationMap = {
  'route.changed': (event) => [RoutesCache.route.of(event.routeId), RoutesCache.byLoad.of(ANY), RoutesCache.byLoad.of(event.loadId)],
  // The load's route plans went with it (ON DELETE CASCADE) and their ids are unknown here, so
  // every route detail moves on through `details`. Deletes are rare.
  'load.deleted': (event) => [RoutesCache.byLoad.of(ANY), RoutesCache.byLoad.of(event.loadId), RoutesCache.details.key],
};
