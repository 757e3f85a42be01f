import { KeyedDependency } from '../cache/cache-dependency';
import type { CacheInvalidationMap } from '../cache/cache-invalidation.registry';

/** What a user's cached profile is built from. */
export const ProfileCache = {
  profile: new KeyedDependency('profile'),
};

export const profileInvalidations: CacheInvalidationMap = {
  'profile.updated': (event) => [ProfileCache.profile.of(event.userId)],
  // The profile shows the linked driverId, which only a created or deleted driver changes.
  'driver.changed': (event) => (event.change === 'created' || event.change === 'deleted' ? [ProfileCache.profile.of(event.userId)] : []),
};
