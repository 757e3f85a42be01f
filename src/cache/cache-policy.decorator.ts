import { SetMetadata, type Type } from '@nestjs/common';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
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
export const CACHED_ROUTE = 'freight:cached-route';

/** The controller method and its class: what Nest's ExecutionContext names for the route's guards. */
export interface CachedRouteTarget {
  controller: Type<unknown>;
  handler: (...args: never[]) => unknown;
}

/**
 * Marks a cached GET route. Besides the policy it records the method and its class in the
 * route's Fastify config (what @RouteConfig sets, merged with one declared above this
 * decorator), where the hit fast path (cache-hit-fast-path.ts) finds them to run the route's
 * guards as Nest would. A @RouteConfig below it would replace them: hits then simply go
 * through Nest's pipeline.
 */
export const CachePolicy =
  (options: CachePolicyOptions): MethodDecorator =>
  (target, key, descriptor) => {
    SetMetadata(CACHE_POLICY, options)(target, key, descriptor);
    const route: CachedRouteTarget = { controller: target.constructor as Type<unknown>, handler: descriptor.value as CachedRouteTarget['handler'] };
    const config = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, descriptor.value as object) as Record<string, unknown> | undefined) ?? {};
    SetMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...config, [CACHED_ROUTE]: route })(target, key, descriptor);
  };
