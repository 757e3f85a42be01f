export type CacheOutcome = 'hit' | 'miss' | 'bypass';

/** Implemented by the metrics module; the cache only reports what happened. */
export interface CacheMetrics {
  record(route: string, outcome: CacheOutcome): void;
  /** A write answered before its invalidation reached Redis (the outbox applies it later). */
  invalidationDeferred(): void;
  /** Invalidations waiting in the outbox, as the relay last saw them. */
  outboxPending(count: number): void;
}

export const CACHE_METRICS = Symbol('CACHE_METRICS');
