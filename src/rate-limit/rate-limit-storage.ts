import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { withTimeout } from '../common/with-timeout';
import { createRedisConnection, RedisConnection } from '../cache/stores/redis-connection';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { FixedWindowCounter, WindowCount } from './fixed-window-counter';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * INCR and, on a window's first hit, PEXPIRE, in one atomic step: concurrent hits from any
 * instance all count, and no key is left without an expiry. PTTL is read back so every
 * instance reports the same reset time.
 */
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if hits == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}`;

/**
 * The @nestjs/throttler storage: fixed windows counted in Redis when REDIS_URL is set, so every
 * instance shares the counts, otherwise in this process. When Redis fails or is slower than
 * REDIS_COMMAND_TIMEOUT_MS the request is counted in this process instead (logged once per
 * outage): limits then hold per instance, and no request fails because Redis did.
 *
 * A window blocks for the rest of itself once over its limit: @nestjs/throttler's separate
 * blockDuration is not used.
 */
@Injectable()
export class RateLimitStorage implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly local = new FixedWindowCounter();
  private readonly redis: RedisConnection | undefined;
  private redisFailing = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const url = config.redisUrl;
    this.redis = url
      ? createRedisConnection({ url, cluster: config.cache.redisCluster, connectTimeoutMs: config.cache.redisConnectTimeoutMs })
      : undefined;
    // node-redis reports errors as events; unheard, an 'error' event would end the process.
    this.redis?.onStateChange((up, reason) => {
      if (!up) this.noteFailure(reason ?? 'connection lost');
    });
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    try {
      await this.bounded(this.redis.connect(), this.config.cache.redisConnectTimeoutMs);
    } catch (error) {
      this.noteFailure((error as Error).message);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.close();
  }

  async increment(key: string, ttlMs: number, limit: number): Promise<ThrottlerStorageRecord> {
    const count = await this.hit(key, ttlMs);
    const seconds = Math.ceil(count.remainingMs / 1000);
    return { totalHits: count.hits, timeToExpire: seconds, isBlocked: count.hits > limit, timeToBlockExpire: seconds };
  }

  private async hit(key: string, windowMs: number): Promise<WindowCount> {
    if (this.redis) {
      const redisKey = `${this.config.cache.keyPrefix}:ratelimit:${key}`;
      try {
        const reply = await this.bounded(
          this.redis.send(redisKey, ['EVAL', HIT_SCRIPT, '1', redisKey, String(windowMs)]),
          this.config.cache.redisCommandTimeoutMs,
        );
        const [hits, remainingMs] = reply as [number, number];
        if (this.redisFailing) {
          this.redisFailing = false;
          this.logger.log('Redis answers again: rate-limit counts are shared across instances');
        }
        return { hits: Number(hits), remainingMs: Number(remainingMs) };
      } catch (error) {
        this.noteFailure((error as Error).message);
      }
    }
    return this.local.hit(key, windowMs);
  }

  private noteFailure(reason: string): void {
    if (this.redisFailing) return;
    this.redisFailing = true;
    this.logger.warn(`Redis unavailable for rate limits (${reason}): counting in this instance only until it answers`);
  }

  private bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
    return withTimeout(promise, ms, (message) => new Error(message));
  }
}
