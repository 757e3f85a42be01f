import { SetMetadata } from '@nestjs/common';
import type { RouteDependency } from './cache-dependency';

export type CacheScope = 'shared' | 'user';

/**
 * How a GET route is cached, and its freshness contract.
 *
 * - `exact` (the default): no read after a write's response shows the data as it was before
 *   it. dependsOn names the data the response is built from, as the feature's declared
 *   dependencies (`LoadsCache.load.fromParam('id')`, `loadListMembership`,
 *   `ProfileCache.profile.ofCaller()`); a write moves them on. After ttlSeconds an entry whose
 *   dependencies have not moved is still exactly current: it is served while one request
 *   refreshes it, for as long again.
 * - `bounded`: at most maxAgeSeconds old, and no write clears it (a dashboard figure a minute
 *   old is fine; recomputing it on every write is not). Fresh for the first half; in the second
 *   half it is served while one request refreshes it.
 */
export type CachePolicyOptions =
  | { scope: CacheScope; freshness?: 'exact'; ttlSeconds: number; dependsOn: RouteDependency[] }
  | { scope: CacheScope; freshness: 'bounded'; maxAgeSeconds: number };

export const CACHE_POLICY = 'freight:cache-policy';

export const CachePolicy = (options: CachePolicyOptions) => SetMetadata(CACHE_POLICY, options);
