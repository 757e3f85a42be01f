import { CollectionDependency, KeyedDependency } from '../cache/cache-dependency';
import type { CacheInvalidationMap } from '../cache/cache-invalidation.registry';

/** What the routes' cached routes are built from. */
export const RoutesCache = {
  lists: new CollectionDependency('routes'),
  route: new KeyedDependency('route'),
  /** Every route detail: cleared when a load's route plans are deleted with it. */
  details: new CollectionDependency('route-details'),
};

export const routesInvalidations: CacheInvalidationMap = {
  'route.changed': (event) => [RoutesCache.lists.key, RoutesCache.route.of(event.routeId)],
  // The load's route plans went with it (ON DELETE CASCADE) and their ids are unknown here, so
  // every route detail moves on through `details`. Deletes are rare.
  'load.deleted': () => [RoutesCache.lists.key, RoutesCache.details.key],
};
