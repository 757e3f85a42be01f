import type { CachedResponse } from '../cached-response';

/** Raised when the store cannot answer in time; the request is then served uncached (BYPASS). */
export class CacheUnavailableError extends Error {}

/**
 * A lookup's answer. A hit is an entry built from the current generation of every dependency.
 * A miss carries those current generations (made when missing), read before the handler
 * queries the database: store() then accepts the response only if none moved meanwhile.
 */
export type Lookup = { entry: CachedResponse } | { entry: null; generations: string[] };

/**
 * Where finished responses live. Redis when REDIS_URL is set, otherwise in process; both keep
 * the same rules. Each dependency has a generation, an opaque token that changes on every
 * invalidation; an entry records the generations it was built from and is served only while
 * they are all current. A generation that is missing (evicted, expired, Redis restarted) is
 * made anew with a fresh token, so losing any bookkeeping can only cause a miss, never a
 * stale hit.
 */
export interface ResponseStore {
  readonly kind: 'redis' | 'memory';
  /** The entry if it is valid, else the current generations: one round trip either way. */
  lookup(key: string, dependencies: string[]): Promise<Lookup>;
  /** The current generations, made when missing (for a refresh that did not come from a miss). */
  generations(dependencies: string[]): Promise<string[]>;
  /** Stores the entry if every dependency is still at the generation the miss saw. */
  store(key: string, entry: CachedResponse, ttlMs: number, dependencies: string[], generations: string[]): Promise<boolean>;
  /**
   * Moves each dependency to a fresh generation, so no entry built before is served again.
   * timeoutMs bounds this attempt (default: the store's invalidation timeout). Returns the
   * generations it set, in the order of the dependencies.
   */
  invalidate(dependencies: string[], timeoutMs?: number): Promise<string[]>;
  /**
   * Marks each generation that is still the one given with the primary's WAL position, read
   * after the invalidation landed (generation-lsn.ts); returns how many were marked.
   */
  attachWalPosition(dependencies: string[], generations: string[], lsn: string): Promise<number>;
  /** Removes every entry whose key matches the pattern (SCAN + UNLINK in batches on Redis). */
  clearPattern(pattern: string): Promise<number>;
  /** Whether reads may use the store now; when not, requests bypass it without waiting. */
  isReady(): boolean;
  /** closed, open or half-open for Redis (its circuit breaker); always closed in process. */
  state(): 'closed' | 'open' | 'half-open';
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const RESPONSE_STORE = Symbol('RESPONSE_STORE');
