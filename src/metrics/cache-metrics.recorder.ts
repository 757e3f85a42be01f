import { Counter, Gauge, Registry } from 'prom-client';
import { CacheMetrics, CacheOutcome } from '../cache/cache-metrics';

type RouteCounters = Record<CacheOutcome, Counter.Internal>;

/**
 * cache_hits_total, cache_misses_total and cache_bypasses_total{route} for the response cache;
 * cache_invalidations_deferred_total and cache_invalidation_outbox_pending for its invalidations.
 */
export class PrometheusCacheMetrics implements CacheMetrics {
  private readonly counters: Record<CacheOutcome, Counter<'route'>>;
  private readonly byRoute = new Map<string, RouteCounters>();
  private readonly deferred: Counter;
  private readonly pending: Gauge;

  constructor(registry: Registry) {
    const counter = (name: string, help: string) => new Counter({ name, help, labelNames: ['route'] as const, registers: [registry] });
    this.counters = {
      hit: counter('cache_hits_total', 'Response cache hits, by route template'),
      miss: counter('cache_misses_total', 'Response cache misses that the handler answered (not 4xx/5xx), by route template'),
      bypass: counter('cache_bypasses_total', 'Cacheable requests served without the cache (disabled or store down), by route template'),
    };
    this.deferred = new Counter({
      name: 'cache_invalidations_deferred_total',
      help: 'Writes that answered before their cache invalidation reached Redis (left to the outbox)',
      registers: [registry],
    });
    this.pending = new Gauge({
      name: 'cache_invalidation_outbox_pending',
      help: 'Cache invalidations waiting in the outbox table, as the relay last saw them',
      registers: [registry],
    });
  }

  invalidationDeferred(): void {
    this.deferred.inc();
  }

  outboxPending(count: number): void {
    this.pending.set(count);
  }

  record(route: string, outcome: CacheOutcome): void {
    this.forRoute(route)[outcome].inc();
  }

  private forRoute(route: string): RouteCounters {
    let counters = this.byRoute.get(route);
    if (!counters) {
      counters = {
        hit: this.counters.hit.labels(route),
        miss: this.counters.miss.labels(route),
        bypass: this.counters.bypass.labels(route),
      };
      // Hits and misses start at 0 together, so a route that only misses shows a 0% hit
      // rate instead of no hit series at all.
      counters.hit.inc(0);
      counters.miss.inc(0);
      this.byRoute.set(route, counters);
    }
    return counters;
  }
}
