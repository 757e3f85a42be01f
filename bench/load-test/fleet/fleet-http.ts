import { performance } from 'node:perf_hooks';
import { CacheOutcome, cacheOutcome } from './cache-outcome';

/** One request as the fleet saw it: its window on the load test's clock and what came back. */
export interface Exchange<T> {
  /** 0 when no response came (connection error or timeout). */
  status: number;
  body: T | undefined;
  startedAt: number;
  endedAt: number;
  cache: CacheOutcome;
  error?: string;
}

/**
 * fetch with a timeout, timing each request from just before it is sent to the end of its body.
 * With several base URLs (instances of one API), each request goes to the next one in turn: an
 * actor's write and its next read usually land on different instances, so the freshness checks
 * also cover what one instance sees of another's writes.
 */
export class FleetHttp {
  readonly baseUrls: readonly string[];
  private next = 0;

  constructor(
    baseUrls: string | readonly string[],
    private readonly timeoutMs: number,
  ) {
    this.baseUrls = typeof baseUrls === 'string' ? [baseUrls] : [...baseUrls];
    if (this.baseUrls.length === 0) throw new Error('FleetHttp needs at least one base URL');
  }

  /** The base URL the next request goes to (round-robin, one request each). */
  nextBaseUrl(): string {
    const baseUrl = this.baseUrls[this.next];
    this.next = (this.next + 1) % this.baseUrls.length;
    return baseUrl;
  }

  async send<T>(method: string, path: string, token: string | undefined, body?: unknown): Promise<Exchange<T>> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const baseUrl = this.nextBaseUrl();
    const startedAt = performance.now();
    try {
      const response = await fetch(baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      const endedAt = performance.now();
      let parsed: T | undefined;
      if (text && (response.headers.get('content-type') ?? '').includes('json')) {
        try {
          parsed = JSON.parse(text) as T;
        } catch {
          parsed = undefined;
        }
      }
      return {
        status: response.status,
        body: parsed,
        startedAt,
        endedAt,
        cache: cacheOutcome(response.headers.get('cache-status'), response.headers.get('x-cache')),
        error: response.ok ? undefined : text.slice(0, 200),
      };
    } catch (error) {
      const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
      const message = error instanceof Error ? error.message + (cause instanceof Error ? `: ${cause.message}` : '') : String(error);
      return { status: 0, body: undefined, startedAt, endedAt: performance.now(), cache: 'none', error: message };
    }
  }
}
