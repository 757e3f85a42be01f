import type { CachedResponse } from '../cached-response';

/** Raised when the store cannot answer in time; the request is then served uncached (BYPASS). */
export class CacheUnavailableError extends Error {}

/**
 * Where finished responses live. Redis when REDIS_URL is set, otherwise in process;
 * both keep the same rules, invalidation included.
 */
export interface ResponseStore {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<CachedResponse | null>;
  /** The generation of each dependency, read before the handler queries the database. */
  snapshot(dependencies: string[]): Promise<string[]>;
  /**
   * Stores the entry and files it under its dependencies, atomically and only if no
   * dependency changed since the snapshot: a response read before a write committed is
   * never stored after that write's invalidation.
   */
  set(key: string, entry: CachedResponse, ttlMs: number, dependencies: string[], snapshot: string[]): Promise<boolean>;
  /** Bumps each dependency's generation and removes every entry filed under it. */
  invalidate(dependencies: string[]): Promise<number>;
  /** Removes every entry whose key matches the pattern (SCAN + UNLINK in batches on Redis). */
  clearPattern(pattern: string): Promise<number>;
  /** Whether the store is connected now; when not, requests bypass it without waiting. */
  isReady(): boolean;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const RESPONSE_STORE = Symbol('RESPONSE_STORE');
