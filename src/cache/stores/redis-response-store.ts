import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { CachedResponse, decodeCachedResponse, encodeCachedResponse } from '../cached-response';
import { dependencyKeys } from '../cache-key';
import { createRedisConnection, RedisConnection } from './redis-connection';
import { CacheUnavailableError, ResponseStore } from './response-store';

// KEYS: entry, gen_1..gen_n, dep_1..dep_n. ARGV: value, ttlMs, n, expected_1..expected_n.
const STORE_SCRIPT = `
local n = tonumber(ARGV[3])
for i = 1, n do
  local g = redis.call('GET', KEYS[1 + i]) or '0'
  if g ~= ARGV[3 + i] then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
local ttl = tonumber(ARGV[2])
for i = 1, n do
  local dep = KEYS[1 + n + i]
  redis.call('SADD', dep, KEYS[1])
  if redis.call('PTTL', dep) < ttl then redis.call('PEXPIRE', dep, ttl) end
end
return 1`;

// KEYS: gen, dep, draining. ARGV: generation ttl ms. Bumps the generation and moves the
// members aside in O(1); the client then unlinks them in batches (DRAIN_SCRIPT). Unlinking
// 100,000 members inside this script blocked Redis for ~0.5 s (BENCHMARKS.md); in batches
// other clients are served between them. Entries stored after the bump carry the new
// generation and land in a fresh dependency set, so they are not touched.
const INVALIDATE_SCRIPT = `
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
if redis.call('EXISTS', KEYS[2]) == 1 then
  if redis.call('EXISTS', KEYS[3]) == 1 then
    redis.call('SUNIONSTORE', KEYS[3], KEYS[3], KEYS[2])
    redis.call('UNLINK', KEYS[2])
  else
    redis.call('RENAME', KEYS[2], KEYS[3])
  end
  redis.call('PEXPIRE', KEYS[3], ARGV[1])
end
return redis.call('SCARD', KEYS[3])`;

// KEYS: draining. ARGV: batch size. Pops and unlinks in one step, so a batch is never
// popped without being removed, even if this client goes away between batches.
const DRAIN_SCRIPT = `
local members = redis.call('SPOP', KEYS[1], ARGV[1])
if #members > 0 then redis.call('UNLINK', unpack(members)) end
return #members`;

const DRAIN_BATCH = 500;

/** Generations outlive every entry (max TTL 600 s) by far, then expire to bound memory. */
const GENERATION_TTL_MS = 6 * 60 * 60 * 1000;
const SCAN_BATCH = 1000;

export interface RedisStoreOptions {
  url: string;
  /** REDIS_CLUSTER: REDIS_URL is one node of a Redis Cluster. */
  cluster?: boolean;
  prefix: string;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
}

function sha1(script: string): string {
  return createHash('sha1').update(script).digest('hex');
}

/**
 * Finished responses in Redis through node-redis 5 (measured fastest here), with raw bytes
 * in and out. Every command is bounded by commandTimeoutMs; while Redis is unreachable the
 * client rejects at once (no offline queue), so requests bypass the cache instead of waiting.
 */
export class RedisResponseStore implements ResponseStore {
  readonly kind = 'redis' as const;
  private readonly logger = new Logger('RedisResponseStore');
  private readonly redis: RedisConnection;
  /** A key in the store's hash slot: routes PING to the node that holds the cache. */
  private readonly slotKey: string;
  private probe: NodeJS.Timeout | undefined;
  private readonly storeSha = sha1(STORE_SCRIPT);
  private readonly invalidateSha = sha1(INVALIDATE_SCRIPT);
  private readonly drainSha = sha1(DRAIN_SCRIPT);
  /** Invalidations that failed while Redis was away; replayed before the cache is used again. */
  private readonly pending = new Set<string>();
  private ready = false;
  private closing = false;

  constructor(private readonly options: RedisStoreOptions) {
    this.slotKey = `{${options.prefix}}:ping`;
    this.redis = createRedisConnection({ url: options.url, cluster: options.cluster ?? false, connectTimeoutMs: options.connectTimeoutMs });
    this.redis.onStateChange((up, reason) => {
      if (up) return void this.onReady();
      if (this.ready) this.logger.warn(`Redis unavailable, serving uncached: ${reason}`);
      this.ready = false;
      this.startProbe();
    });
  }

  async connect(): Promise<void> {
    try {
      await this.bounded(this.redis.connect(), this.options.connectTimeoutMs);
      await this.onReady();
    } catch (error) {
      this.startProbe();
      // Start anyway; reconnectStrategy keeps trying and requests bypass meanwhile.
      this.logger.warn(`Redis not reachable at start-up (${(error as Error).message}); serving uncached until it is`);
    }
  }

  isReady(): boolean {
    return this.ready;
  }

  async get(key: string): Promise<CachedResponse | null> {
    const raw = await this.command(this.redis.getBuffer(key));
    return raw ? decodeCachedResponse(raw) : null;
  }

  async snapshot(dependencies: string[]): Promise<string[]> {
    if (dependencies.length === 0) return [];
    const keys = dependencies.map((d) => dependencyKeys(this.options.prefix, d).generation);
    const values = await this.command(this.redis.mGet(keys));
    return values.map((v) => (v === null ? '0' : String(v)));
  }

  async set(key: string, entry: CachedResponse, ttlMs: number, dependencies: string[], snapshot: string[]): Promise<boolean> {
    const deps = dependencies.map((d) => dependencyKeys(this.options.prefix, d));
    const keys = [key, ...deps.map((d) => d.generation), ...deps.map((d) => d.members)];
    const args = [encodeCachedResponse(entry), String(ttlMs), String(deps.length), ...snapshot];
    const stored = await this.script(this.storeSha, STORE_SCRIPT, keys, args);
    return Number(stored) === 1;
  }

  async invalidate(dependencies: string[]): Promise<number> {
    if (!this.ready) {
      dependencies.forEach((d) => this.pending.add(d));
      throw new CacheUnavailableError('Redis is not connected');
    }
    let removed = 0;
    for (const dependency of dependencies) {
      try {
        removed += await this.invalidateOne(dependency, false);
      } catch (error) {
        this.pending.add(dependency);
        this.ready = false;
        throw error;
      }
    }
    return removed;
  }

  /**
   * Bumps the generation, then unlinks the dependency's entries batch by batch. Resolves
   * only when none is left, so the write's response still leaves after its invalidation.
   */
  private async invalidateOne(dependency: string, force: boolean): Promise<number> {
    const { generation, members } = dependencyKeys(this.options.prefix, dependency);
    const draining = `${members}:draining`;
    await this.script(this.invalidateSha, INVALIDATE_SCRIPT, [generation, members, draining], [String(GENERATION_TTL_MS)], force);
    let removed = 0;
    for (;;) {
      const batch = Number(await this.script(this.drainSha, DRAIN_SCRIPT, [draining], [String(DRAIN_BATCH)], force));
      removed += batch;
      if (batch < DRAIN_BATCH) return removed;
    }
  }

  /** SCAN + UNLINK in batches on every master, never KEYS, so Redis keeps serving meanwhile. */
  async clearPattern(pattern: string): Promise<number> {
    let removed = 0;
    await this.command(
      this.redis.scanAll(pattern, SCAN_BATCH, async (keys) => {
        removed += Number(await this.command(this.redis.unlink(keys)));
      }),
      false,
      60_000,
    );
    return removed;
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.command(this.redis.send(this.slotKey, ['PING']), true)) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.ready = false;
    clearTimeout(this.probe);
    await this.redis.close();
  }

  /**
   * While Redis is away, PING it every 250 ms; the first answer replays the missed
   * invalidations and turns the cache back on. Works the same for a server and a cluster.
   */
  private startProbe(): void {
    if (this.probe || this.closing) return;
    // A timer ignores a returned promise; ping() and onReady() catch their own errors, so this cannot reject.
    this.probe = setTimeout(() => void this.probeOnce(), 250);
    this.probe.unref();
  }

  private async probeOnce(): Promise<void> {
    this.probe = undefined;
    if (this.closing || this.ready) return;
    if (await this.ping()) await this.onReady();
    if (!this.ready) this.startProbe();
  }

  private async onReady(): Promise<void> {
    if (this.closing || this.ready) return;
    // Replay invalidations missed while Redis was away before serving from it again.
    for (const dependency of [...this.pending]) {
      try {
        await this.invalidateOne(dependency, true);
        this.pending.delete(dependency);
      } catch (error) {
        this.logger.warn(`Replaying invalidation of ${dependency} failed: ${(error as Error).message}`);
        return;
      }
    }
    this.ready = true;
    this.logger.log('Redis connected; response cache active');
  }

  private async script(sha: string, source: string, keys: string[], args: Array<string | Buffer>, force = false): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await this.command(this.redis.send(keys[0], ['EVALSHA', sha, ...tail]), force);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
      return this.command(this.redis.send(keys[0], ['EVAL', source, ...tail]), force);
    }
  }

  private command<T>(promise: Promise<T>, force = false, timeoutMs = this.options.commandTimeoutMs): Promise<T> {
    if (!this.ready && !force) {
      promise.catch(() => undefined);
      return Promise.reject(new CacheUnavailableError('Redis is not connected'));
    }
    return this.bounded(promise, timeoutMs);
  }

  private bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new CacheUnavailableError(`Redis did not answer within ${ms} ms`)), ms);
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new CacheUnavailableError(String(error)));
        },
      );
    });
  }
}
