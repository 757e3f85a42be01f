import { Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { CircuitBreaker, DEFAULT_BREAKER } from '../cache/stores/circuit-breaker';
import { withTimeout } from '../common/with-timeout';
import { decodePosition, DriverPosition, encodePosition } from './driver-position';
import { LatestPositions } from './latest-positions';
import { PositionKeys, positionKeys } from './position-keys';
import { PositionListeners } from './position-listeners';
import { createPositionRedis, PositionRedis } from './position-redis';
import type { PositionListener, PositionNotice, PositionStore, PositionStoreHealth } from './position-store';

// Newer wins, also between instances: a report older than the stored one is dropped and not
// announced. One round trip stores and publishes. The stored value is encodePosition's JSON.
const NEWER_THAN_STORED = `
local function newer(field, at)
  local current = redis.call('HGET', KEYS[1], field)
  if not current then return true end
  local ok, known = pcall(cjson.decode, current)
  return not (ok and type(known) == 'table' and tonumber(known.at) and tonumber(known.at) >= at)
end`;

// KEYS: the hash. ARGV: driver id, value, at, channel, message.
const RECORD_SCRIPT = `${NEWER_THAN_STORED}
if not newer(ARGV[1], tonumber(ARGV[3])) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PUBLISH', ARGV[4], ARGV[5])
return 1`;

// KEYS: the hash. ARGV: id_1, value_1, at_1, id_2, value_2, at_2, ... Kept where newer, unannounced.
const MERGE_SCRIPT = `${NEWER_THAN_STORED}
local kept = 0
for i = 1, #ARGV, 3 do
  if newer(ARGV[i], tonumber(ARGV[i + 2])) then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
    kept = kept + 1
  end
end
return kept`;

const MERGE_BATCH = 1000;

/** Raised instead of calling Redis while the circuit is open. */
class PositionRedisUnavailable extends Error {}

/** What travels on the channel: `o` is the sending instance, which ignores its own messages. */
type ChannelMessage = { o: string } & ({ t: 'report'; id: string; v: string } | { t: 'driver'; id: string; deleted: boolean });

export interface RedisPositionStoreOptions {
  url: string;
  cluster: boolean;
  prefix: string;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  breakerFailures: number;
  breakerOpenMs: number;
}

function sha1(script: string): string {
  return createHash('sha1').update(script).digest('hex');
}

/**
 * Latest positions in one Redis HASH, and every report published on one channel so each
 * instance's streams see reports made on any instance.
 *
 * Redis down never holds a report up: every call is bounded by the command timeout, and after
 * breakerFailures failures in a row the circuit opens and calls skip Redis at once, one call
 * per breakerOpenMs probing it. Meanwhile the instance works from its own copy (the mirror:
 * what it recorded, heard or read), its own streams still see its own reports, and PostgreSQL
 * still gets every report (the flush does not depend on Redis). When the probe succeeds the
 * mirror is merged back into the hash, newer winning. Reports made on other instances during
 * the outage are not replayed to this instance's streams; their next report shows up.
 */
export class RedisPositionStore implements PositionStore {
  readonly kind = 'redis' as const;
  private readonly logger = new Logger('RedisPositionStore');
  private readonly instance = randomUUID();
  private readonly keys: PositionKeys;
  private readonly redis: PositionRedis;
  private readonly breaker: CircuitBreaker;
  private readonly mirror = new LatestPositions();
  private readonly listeners = new PositionListeners();
  private readonly recordSha = sha1(RECORD_SCRIPT);
  private readonly mergeSha = sha1(MERGE_SCRIPT);
  private subscribed = false;
  private closing = false;

  constructor(private readonly options: RedisPositionStoreOptions) {
    this.keys = positionKeys(options.prefix);
    this.breaker = new CircuitBreaker({ ...DEFAULT_BREAKER, consecutiveFailures: options.breakerFailures, openMs: options.breakerOpenMs });
    this.redis = createPositionRedis({ url: options.url, cluster: options.cluster, connectTimeoutMs: options.connectTimeoutMs });
    this.redis.onStateChange((up, reason) => {
      if (!up && !this.closing && this.breaker.state === 'closed') {
        this.breaker.open();
        this.logger.warn(`Redis unreachable (${reason ?? 'connection lost'}); positions kept in this instance until it is back`);
      }
    });
  }

  /** Connects and subscribes; starts anyway when Redis is away (the first probe retries). */
  async connect(): Promise<void> {
    try {
      await withTimeout(this.redis.connect(), this.options.connectTimeoutMs, (m) => new PositionRedisUnavailable(m));
      await this.subscribe();
    } catch (error) {
      this.breaker.open();
      this.logger.warn(`Redis not reachable at start-up (${(error as Error).message}); positions kept in this instance until it is`);
    }
  }

  async record(position: DriverPosition): Promise<void> {
    if (!this.mirror.put(position)) return;
    this.listeners.notify({ type: 'report', position });
    const value = encodePosition(position);
    const message: ChannelMessage = { o: this.instance, t: 'report', id: position.driverId, v: value };
    await this.quietly('record', () =>
      this.script(this.recordSha, RECORD_SCRIPT, [position.driverId, value, String(position.at), this.keys.channel, JSON.stringify(message)]),
    );
  }

  async latest(driverIds?: readonly string[]): Promise<DriverPosition[]> {
    try {
      const stored = await this.call(() => this.read(driverIds));
      // The mirror may hold a newer report (one Redis missed during an outage): newer wins.
      for (const position of stored) this.mirror.put(position);
      return this.mirror.get(stored.map((p) => p.driverId));
    } catch {
      return this.mirror.get(driverIds);
    }
  }

  async seed(positions: DriverPosition[]): Promise<void> {
    for (const position of positions) this.mirror.put(position);
    await this.quietly('seed', () => this.merge(positions));
  }

  async driverChanged(driverId: string, deleted: boolean): Promise<void> {
    if (deleted) this.mirror.delete(driverId);
    this.listeners.notify({ type: 'driver-changed', driverId, deleted });
    const message: ChannelMessage = { o: this.instance, t: 'driver', id: driverId, deleted };
    await this.quietly('driver change', async () => {
      if (deleted) await this.redis.send(this.keys.latest, ['HDEL', this.keys.latest, driverId]);
      await this.redis.send(this.keys.channel, ['PUBLISH', this.keys.channel, JSON.stringify(message)]);
    });
  }

  listen(listener: PositionListener): () => void {
    return this.listeners.add(listener);
  }

  async health(): Promise<PositionStoreHealth> {
    let reachable = false;
    try {
      reachable = (await this.bounded(this.redis.send(this.keys.latest, ['PING']), this.options.connectTimeoutMs)) === 'PONG';
    } catch {
      reachable = false;
    }
    const up = reachable && this.subscribed && this.breaker.state === 'closed';
    return { store: 'redis', state: up ? 'up' : 'degraded', circuit: this.breaker.state };
  }

  async close(): Promise<void> {
    this.closing = true;
    this.breaker.open();
    this.listeners.clear();
    await this.redis.close();
  }

  private async read(driverIds?: readonly string[]): Promise<DriverPosition[]> {
    if (driverIds) {
      if (driverIds.length === 0) return [];
      const values = (await this.redis.send(this.keys.latest, ['HMGET', this.keys.latest, ...driverIds])) as Array<string | null>;
      return driverIds.flatMap((id, i) => decodePosition(id, values[i]) ?? []);
    }
    // RESP2 answers a flat [field, value, ...] list; RESP3 a map.
    const reply = (await this.redis.send(this.keys.latest, ['HGETALL', this.keys.latest])) as string[] | Record<string, string>;
    const entries: Array<[string, string]> = [];
    if (Array.isArray(reply)) for (let i = 0; i + 1 < reply.length; i += 2) entries.push([reply[i], reply[i + 1]]);
    else entries.push(...Object.entries(reply));
    return entries.flatMap(([id, value]) => decodePosition(id, value) ?? []);
  }

  private async merge(positions: DriverPosition[]): Promise<void> {
    for (let i = 0; i < positions.length; i += MERGE_BATCH) {
      const args = positions.slice(i, i + MERGE_BATCH).flatMap((p) => [p.driverId, encodePosition(p), String(p.at)]);
      await this.script(this.mergeSha, MERGE_SCRIPT, args);
    }
  }

  private onMessage(raw: string): void {
    let message: ChannelMessage;
    try {
      message = JSON.parse(raw) as ChannelMessage;
    } catch {
      return;
    }
    if (message.o === this.instance) return;
    let notice: PositionNotice | null = null;
    if (message.t === 'report') {
      const position = decodePosition(message.id, message.v);
      if (position && this.mirror.put(position)) notice = { type: 'report', position };
    } else if (message.t === 'driver') {
      if (message.deleted) this.mirror.delete(message.id);
      notice = { type: 'driver-changed', driverId: message.id, deleted: message.deleted };
    }
    if (notice) this.listeners.notify(notice);
  }

  private async subscribe(): Promise<void> {
    if (this.subscribed) return;
    await this.bounded(
      this.redis.subscribe(this.keys.channel, (message) => this.onMessage(message)),
      this.options.connectTimeoutMs,
    );
    this.subscribed = true;
  }

  /** A Redis call whose failure the caller does not see: the mirror already has what matters. */
  private async quietly(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await this.call(work);
    } catch (error) {
      this.logger.debug?.(`Position ${what} not written to Redis: ${(error as Error).message}`);
    }
  }

  /**
   * Through the circuit: closed, the call is bounded and its outcome counted; open, it is
   * refused at once, except one call per breakerOpenMs that probes Redis. A probe that
   * succeeds first merges this instance's mirror into the hash (and subscribes, if start-up
   * could not), then closes the circuit.
   */
  private async call<T>(work: () => Promise<T>): Promise<T> {
    if (this.breaker.allows()) {
      try {
        const value = await this.bounded(work(), this.options.commandTimeoutMs);
        this.breaker.success();
        return value;
      } catch (error) {
        if (this.breaker.failure()) this.logger.warn(`Redis circuit open for positions (${(error as Error).message})`);
        throw error;
      }
    }
    if (this.closing || !this.breaker.probeDue()) throw new PositionRedisUnavailable(`Redis circuit ${this.breaker.state}`);
    this.breaker.halfOpen();
    try {
      await this.bounded(this.merge(this.mirror.get()), this.options.commandTimeoutMs);
      await this.subscribe();
      const value = await this.bounded(work(), this.options.commandTimeoutMs);
      this.breaker.close();
      this.logger.log('Redis reachable again; positions shared between instances');
      return value;
    } catch (error) {
      this.breaker.open();
      throw error;
    }
  }

  private async script(sha: string, source: string, args: string[]): Promise<unknown> {
    const tail = ['1', this.keys.latest, ...args];
    try {
      return await this.redis.send(this.keys.latest, ['EVALSHA', sha, ...tail]);
    } catch (error) {
      // Redis restarted and lost its script cache: send the source once.
      if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
      return this.redis.send(this.keys.latest, ['EVAL', source, ...tail]);
    }
  }

  private bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
    return withTimeout(promise, ms, (message) => new PositionRedisUnavailable(message));
  }
}
