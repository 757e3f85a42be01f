import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { ResponseStore } from './stores/response-store';

/**
 * The cache store in /api/health. Redis down is "degraded", never "down": requests are
 * served from the database meanwhile, so the API stays healthy (200).
 */
export function cacheHealthCheck(store: ResponseStore): () => Promise<HealthIndicatorResult> {
  return async () => {
    const reachable = await store.ping();
    const state = reachable && store.isReady() ? 'up' : 'degraded';
    return { cache: { status: 'up', store: store.kind, state } };
  };
}
