import { SetMetadata } from '@nestjs/common';

export type CacheScope = 'shared' | 'user';

/**
 * How a GET route is cached.
 * - ttlSeconds: how long an entry lives.
 * - scope: 'shared' (one entry for everyone; Cache-Control public) or 'user' (one entry per
 *   user; private, Vary: Authorization).
 * - dependsOn: the data the response is built from, as dependency names. `{param}` is
 *   replaced with the route parameter of that name and `{user}` with the caller's id, so
 *   GET /loads/:id depends on 'load:{id}' and is cleared when that load changes.
 *   The names match what CacheInvalidationService clears for each domain event.
 */
export interface CachePolicyOptions {
  ttlSeconds: number;
  scope: CacheScope;
  dependsOn: string[];
}

export const CACHE_POLICY = 'freight:cache-policy';

export const CachePolicy = (options: CachePolicyOptions) => SetMetadata(CACHE_POLICY, options);

/** Dependency names, shared by the routes (dependsOn) and the invalidation listener. */
export const CacheDependency = {
  loads: 'loads',
  load: (id: string) => `load:${id}`,
  drivers: 'drivers',
  driver: (id: string) => `driver:${id}`,
  routes: 'routes',
  route: (id: string) => `route:${id}`,
  /** Every route detail: cleared when a load's route plans are deleted with it. */
  routeDetails: 'route-details',
  analytics: 'analytics',
  notifications: (userId: string) => `notifications:${userId}`,
  profile: (userId: string) => `profile:${userId}`,
} as const;
