export type CacheOutcome = 'hit' | 'miss' | 'bypass';

/** Implemented by the metrics module; the cache only reports outcomes. */
export interface CacheMetrics {
  record(route: string, outcome: CacheOutcome): void;
}

export const CACHE_METRICS = Symbol('CACHE_METRICS');
