import { CollectionDependency, KeyedDependency } from '../cache/cache-dependency';
import type { CacheInvalidationMap } from '../cache/cache-invalidation.registry';

/** What the loads' cached routes are built from. */
export const LoadsCache = {
  lists: new CollectionDependency('loads'),
  load: new KeyedDependency('load'),
};

const changed = (event: { loadId: string }) => [LoadsCache.lists.key, LoadsCache.load.of(event.loadId)];

export const loadsInvalidations: CacheInvalidationMap = {
  'load.created': () => [LoadsCache.lists.key],
  'load.updated': changed,
  'load.deleted': changed,
  'load.assigned': changed,
  'load.status_changed': changed,
};
