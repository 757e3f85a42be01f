import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { CacheInvalidator } from './cache-invalidator';
import type { ResponseStore } from './stores/response-store';

/**
 * The cache in /api/health. Redis down is "degraded", never "down": requests are served from
 * the database meanwhile, so the API stays healthy (200). Shows the circuit and the outbox, so
 * an invalidation gap is visible.
 */
export function cacheHealthCheck(store: ResponseStore, invalidator: CacheInvalidator): () => Promise<HealthIndicatorResult> {
  return async () => {
    const reachable = await store.ping();
    const backlog = invalidator.backlog();
    const state = reachable && store.isReady() ? 'up' : 'degraded';
    return { cache: { status: 'up', store: store.kind, state, circuit: store.state(), ...(backlog ? { outbox: backlog } : {}) } };
  };
}
