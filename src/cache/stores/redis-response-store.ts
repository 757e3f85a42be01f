import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { withTimeout } from '../../common/with-timeout';
import { CachedResponse, decodeCachedResponse, encodeCachedResponse } from '../cached-response';
import { generationKey } from '../cache-key';
import { groupByHashTag } from './slot-groups';
import { BreakerState, CircuitBreaker, CircuitBreakerOptions, DEFAULT_BREAKER } from './circuit-breaker';
import { ATTACH_WAL_POSITION_SCRIPT } from './generation-lsn';
import { GenerationTokens } from './generation-tokens';
import { createRedisConnection, RedisConnection } from './redis-connection';
import { CacheUnavailableError, Lookup, ResponseStore } from './response-store';

// An entry's value is "<generation_1>,...,<generation_n>\n<encoded response>". A lookup is one
// MGET of the generations and the entry (one round trip, as cheap as a GET: copying a 13 KB
// value into a Lua script cost Redis ~19 us against ~0.5 us, BENCHMARKS.md); the entry is
// valid only if every generation exists and matches, checked here in Node. A missing
// generation is made anew (GENERATIONS_SCRIPT) with a fresh token, so an evicted or expired
// generation can never validate an entry built before it was lost.
//
// On a Redis Cluster each dependency's generation has a hash tag of its own and an entry
// shares its first dependency's (cache-key.ts), so multi-key commands and scripts take one
// group of keys per hash tag, the groups in parallel (the same round-trip latency). An entry
// with one dependency is still one MGET on one node. The read-side check in Node is what makes
// a hit valid, so nothing needs to be atomic across slots: a generation read from another slot
// a moment apart can only turn a hit into a miss.

// KEYS: entry, gen_1..gen_n (the generations in the entry's slot). ARGV: value, ttl ms,
// expected_1..expected_n. Stores only if none of these generations moved since the lookup, and
// keeps each alive at least as long as the entry (a generation that expired first would only
// turn the entry into a miss). Not the guarantee, an optimisation: an entry stored against a
// generation that moved meanwhile is refused by the lookup's check.
const STORE_SCRIPT = `
local n = #KEYS - 1
for i = 1, n do
  if redis.call('GET', KEYS[1 + i]) ~= ARGV[2 + i] then return 0 end
end
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
for i = 1, n do
  if redis.call('PTTL', KEYS[1 + i]) < ttl then redis.call('PEXPIRE', KEYS[1 + i], ttl) end
end
return 1`;

// KEYS: gen_1..gen_n in another slot than the entry. ARGV: ttl ms, expected_1..expected_n. The
// store's check and extension for the generations it cannot reach in the same script.
const CHECK_EXTEND_SCRIPT = `
local ttl = tonumber(ARGV[1])
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) ~= ARGV[1 + i] then return 0 end
end
for i = 1, #KEYS do
  if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
end
return 1`;

// KEYS: gen_1..gen_n. ARGV: fresh token, generation ttl ms. The current generations, made
// where missing, as the lookup does: for a refresh that did not come from a miss.
const GENERATIONS_SCRIPT = `
local gens = {}
for i = 1, #KEYS do
  local g = redis.call('GET', KEYS[i])
  if not g then
    g = ARGV[1] .. '.' .. i
    redis.call('SET', KEYS[i], g, 'PX', ARGV[2])
  end
  gens[i] = g
end
return gens`;

// KEYS: gen_1..gen_n. ARGV: fresh token, generation ttl ms. One round trip for all of a
// write's dependencies (per slot on a cluster, all slots at once); the entries built before
// stay where they are until a read unlinks them or their TTL ends, but none of them can be
// served again.
const INVALIDATE_SCRIPT = `
for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[1] .. '.' .. i, 'PX', ARGV[2]) end
return #KEYS`;

/** Generations outlive every entry (max TTL 600 s); the store script extends them if not. */
const GENERATION_TTL_MS = 60 * 60 * 1000;
const SCAN_BATCH = 1000;

export interface RedisStoreOptions {
  url: string;
  /** REDIS_CLUSTER: REDIS_URL is one node of a Redis Cluster. */
  cluster?: boolean;
  prefix: string;
  /** Bound on a read (lookup, store): slower means BYPASS, and counts against the breaker. */
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  /** Bound on one invalidation attempt: longer than reads, since a write waits for it. */
  invalidationTimeoutMs: number;
  breaker?: Partial<CircuitBreakerOptions>;
  /**
   * Run before the circuit closes (at start-up and after every outage): applies the
   * invalidations recorded while this instance could not reach Redis. The circuit stays open
   * until it succeeds.
   */
  recover?: () => Promise<void>;
}

function sha1(script: string): string {
  return createHash('sha1').update(script).digest('hex');
}

const NEWLINE = 0x0a;

function pick<T>(values: readonly T[], positions: readonly number[]): T[] {
  return positions.map((index) => values[index]);
}

/**
 * Finished responses in Redis through node-redis 5 (measured fastest here), with raw bytes in
 * and out, behind a circuit breaker. A hit is one script call that also validates the entry's
 * generations. While the circuit is open, reads bypass at once; a probe every openMs closes it
 * again by itself, after replaying what was missed.
 */
export class RedisResponseStore implements ResponseStore {
  readonly kind = 'redis' as const;
  private readonly logger = new Logger('RedisResponseStore');
  private readonly redis: RedisConnection;
  private readonly breaker: CircuitBreaker;
  private readonly tokens = new GenerationTokens();
  private probe: NodeJS.Timeout | undefined;
  private readonly storeSha = sha1(STORE_SCRIPT);
  private readonly checkExtendSha = sha1(CHECK_EXTEND_SCRIPT);
  private readonly invalidateSha = sha1(INVALIDATE_SCRIPT);
  private readonly generationsSha = sha1(GENERATIONS_SCRIPT);
  private readonly attachWalPositionSha = sha1(ATTACH_WAL_POSITION_SCRIPT);
  private closing = false;

  constructor(private readonly options: RedisStoreOptions) {
    this.breaker = new CircuitBreaker({ ...DEFAULT_BREAKER, ...options.breaker });
    // Closed only once a probe has reached Redis and replayed what was missed.
    this.breaker.open();
    this.redis = createRedisConnection({ url: options.url, cluster: options.cluster ?? false, connectTimeoutMs: options.connectTimeoutMs });
    this.redis.onStateChange((up, reason) => {
      if (!up) this.trip(reason ?? 'connection lost');
    });
  }

  /** Connects and runs the first probe; starts anyway when Redis is away (requests bypass). */
  async connect(): Promise<void> {
    try {
      await this.bounded(this.redis.connect(), this.options.connectTimeoutMs);
    } catch (error) {
      this.logger.warn(`Redis not reachable at start-up (${(error as Error).message}); serving uncached until it is`);
    }
    await this.runProbe();
  }

  isReady(): boolean {
    return this.breaker.allows();
  }

  state(): BreakerState {
    return this.breaker.state;
  }

  async lookup(key: string, dependencies: string[]): Promise<Lookup> {
    const keys = [...dependencies.map((d) => generationKey(this.options.prefix, d)), key];
    const values = await this.read(() => this.mget(keys));
    const raw = values[values.length - 1];
    const found = values.slice(0, -1);
    if (found.some((g) => g === null)) return { entry: null, generations: await this.generations(dependencies) };
    const generations = found.map(String);
    if (raw) {
      const start = raw.indexOf(NEWLINE);
      if (start >= 0 && raw.toString('latin1', 0, start) === generations.join(',')) {
        const entry = decodeCachedResponse(raw.subarray(start + 1));
        if (entry) return { entry };
      }
      // Built from older generations: it can never be valid again.
      this.redis.sendBinary(key, ['UNLINK', key]).catch(() => undefined);
    }
    return { entry: null, generations };
  }

  async generations(dependencies: string[]): Promise<string[]> {
    if (dependencies.length === 0) return [];
    const keys = dependencies.map((d) => generationKey(this.options.prefix, d));
    const generations = new Array<string>(keys.length);
    await this.read(() =>
      Promise.all(
        this.slotGroups(keys).map(async (group) => {
          // A fresh token per script call: the ".<i>" it appends is unique only within one call.
          const args = [this.tokens.next(), String(GENERATION_TTL_MS)];
          const reply = (await this.script(this.generationsSha, GENERATIONS_SCRIPT, pick(keys, group), args)) as Array<Buffer | string>;
          group.forEach((index, i) => (generations[index] = String(reply[i])));
        }),
      ),
    );
    return generations;
  }

  async store(key: string, entry: CachedResponse, ttlMs: number, dependencies: string[], generations: string[]): Promise<boolean> {
    const keys = [key, ...dependencies.map((d) => generationKey(this.options.prefix, d))];
    const expected = ['', ...generations];
    const value = Buffer.concat([Buffer.from(`${generations.join(',')}\n`), encodeCachedResponse(entry)]);
    const ttl = String(ttlMs);
    // The entry's group holds position 0 (the entry) and the generations of its slot.
    const replies = await this.read(() =>
      Promise.all(
        this.slotGroups(keys).map((group) =>
          group[0] === 0
            ? this.script(this.storeSha, STORE_SCRIPT, pick(keys, group), [value, ttl, ...pick(expected, group.slice(1))])
            : this.script(this.checkExtendSha, CHECK_EXTEND_SCRIPT, pick(keys, group), [ttl, ...pick(expected, group)]),
        ),
      ),
    );
    return replies.every((reply) => Number(reply) === 1);
  }

  /**
   * One attempt, bounded by invalidationTimeoutMs, whatever the circuit's state: a write must
   * not give up on Redis because reads found it slow. The caller retries and records what
   * failed (CacheInvalidator, with the outbox). A failure opens the circuit at once: an
   * invalidation that did not land may be pending, so this instance must not read from Redis
   * again before a probe has applied the outbox. The relay attempts overdue rows on every
   * instance, so even an idle instance stops reading during a long outage.
   */
  async invalidate(dependencies: string[], timeoutMs = this.options.invalidationTimeoutMs): Promise<string[]> {
    if (dependencies.length === 0) return [];
    const keys = dependencies.map((d) => generationKey(this.options.prefix, d));
    const set: string[] = new Array<string>(keys.length);
    const moves = this.slotGroups(keys).map((group) => {
      // INVALIDATE_SCRIPT sets token .. '.' .. i, i counting the group's own keys from 1.
      const token = this.tokens.next();
      group.forEach((index, i) => (set[index] = `${token}.${i + 1}`));
      return this.script(this.invalidateSha, INVALIDATE_SCRIPT, pick(keys, group), [token, String(GENERATION_TTL_MS)]);
    });
    try {
      // Failed if any slot's move failed or is late: the whole write is then retried and left
      // in the outbox (moving a generation twice costs only a miss).
      await this.bounded(Promise.all(moves), timeoutMs);
    } catch (error) {
      this.trip(`invalidation failed: ${(error as Error).message}`);
      throw error;
    }
    return set;
  }

  /**
   * Outside the circuit, like invalidate, but a failure does not trip it: an unmarked
   * generation only sends its fills to the primary.
   */
  async attachWalPosition(dependencies: string[], generations: string[], lsn: string): Promise<number> {
    if (dependencies.length === 0) return 0;
    const keys = dependencies.map((d) => generationKey(this.options.prefix, d));
    const marks = this.slotGroups(keys).map((group) =>
      this.script(this.attachWalPositionSha, ATTACH_WAL_POSITION_SCRIPT, pick(keys, group), [lsn, ...pick(generations, group)]),
    );
    const marked = await this.bounded(Promise.all(marks), this.options.invalidationTimeoutMs);
    return marked.reduce<number>((sum, n) => sum + Number(n), 0);
  }

  /** SCAN + UNLINK in batches on every master, never KEYS, so Redis keeps serving meanwhile. */
  async clearPattern(pattern: string): Promise<number> {
    let removed = 0;
    await this.bounded(
      this.redis.scanAll(pattern, SCAN_BATCH, async (keys) => {
        removed += Number(await this.bounded(this.redis.unlink(keys), this.options.invalidationTimeoutMs));
      }),
      60_000,
    );
    return removed;
  }

  async ping(): Promise<boolean> {
    try {
      return await this.bounded(this.redis.ping(), this.options.connectTimeoutMs);
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.breaker.open();
    clearTimeout(this.probe);
    await this.redis.close();
  }

  /** A read through the breaker: refused at once while open, its outcome recorded when closed. */
  private async read<T>(work: () => Promise<T>): Promise<T> {
    if (!this.breaker.allows()) throw new CacheUnavailableError(`Redis circuit ${this.breaker.state}`);
    try {
      const value = await this.bounded(work(), this.options.commandTimeoutMs);
      this.breaker.success();
      return value;
    } catch (error) {
      if (this.breaker.failure()) this.tripped((error as Error).message);
      throw error;
    }
  }

  /** The connection dropped: open at once. */
  private trip(reason: string): void {
    if (this.closing || this.breaker.state !== 'closed') return;
    this.breaker.open();
    this.tripped(reason);
  }

  private tripped(reason: string): void {
    this.logger.warn(`Redis circuit open (${reason}); serving uncached, probing every ${this.options.breaker?.openMs ?? DEFAULT_BREAKER.openMs} ms`);
    this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.probe || this.closing) return;
    this.probe = setTimeout(() => {
      this.probe = undefined;
      void this.runProbe();
    }, this.options.breaker?.openMs ?? DEFAULT_BREAKER.openMs);
    this.probe.unref();
  }

  /**
   * Half-open: one PING, then the recovery (replaying missed invalidations) before reads may
   * use Redis again. Any failure reopens the circuit and schedules the next probe, so the
   * instance always returns to the cache by itself.
   */
  private async runProbe(): Promise<void> {
    if (this.closing || this.breaker.state === 'closed') return;
    this.breaker.halfOpen();
    try {
      if (!(await this.ping())) throw new CacheUnavailableError('no answer to PING');
      await this.options.recover?.();
      if (this.closing) return;
      this.breaker.close();
      this.logger.log('Redis reachable; response cache active');
    } catch (error) {
      this.breaker.open();
      this.logger.debug?.(`Redis probe failed: ${(error as Error).message}`);
      this.scheduleProbe();
    }
  }

  /**
   * Positions of `keys` grouped so each group can go in one multi-key call: by hash tag on a
   * cluster; all together on a single server, where one call is cheaper than several.
   */
  private slotGroups(keys: readonly string[]): number[][] {
    return this.options.cluster ? groupByHashTag(keys) : [keys.map((_, index) => index)];
  }

  /** MGET, one call per slot group (in parallel), the values in the order of `keys`. */
  private async mget(keys: string[]): Promise<Array<Buffer | null>> {
    // The hit path: on a single server, or one slot group, nothing to split or reassemble.
    const groups = this.options.cluster ? groupByHashTag(keys) : null;
    if (!groups || groups.length === 1) return (await this.redis.sendBinary(keys[0], ['MGET', ...keys])) as Array<Buffer | null>;
    const values = new Array<Buffer | null>(keys.length);
    await Promise.all(
      groups.map(async (group) => {
        const reply = (await this.redis.sendBinary(keys[group[0]], ['MGET', ...pick(keys, group)])) as Array<Buffer | null>;
        group.forEach((index, i) => (values[index] = reply[i]));
      }),
    );
    return values;
  }

  private async script(sha: string, source: string, keys: string[], args: Array<string | Buffer>): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await this.redis.sendBinary(keys[0], ['EVALSHA', sha, ...tail]);
    } catch (error) {
      // Redis restarted (or failed over) and lost its script cache: send the source once.
      if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
      return this.redis.sendBinary(keys[0], ['EVAL', source, ...tail]);
    }
  }

  private bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
    return withTimeout(promise, ms, (message) => new CacheUnavailableError(message));
  }
}
