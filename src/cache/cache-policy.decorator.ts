import { SetMetadata } from '@nestjs/common';
import type { RouteDependency } from './cache-dependency';

export type CacheScope = 'shared' | 'user';

/**
 * How a GET route is cached.
 * - ttlSeconds: how long an entry lives.
 * - scope: 'shared' (one entry for everyone) or 'user' (one entry per user, Vary: Authorization).
 * - dependsOn: the data the response is built from, as the feature's declared dependencies:
 *   `LoadsCache.lists` for a collection, `LoadsCache.load.fromParam('id')` for the row the
 *   route parameter names, `ProfileCache.profile.ofCaller()` for the caller's own data.
 */
export interface CachePolicyOptions {
  ttlSeconds: number;
  scope: CacheScope;
  dependsOn: RouteDependency[];
}

export const CACHE_POLICY = 'freight:cache-policy';

export const CachePolicy = (options: CachePolicyOptions) => SetMetadata(CACHE_POLICY, options);
