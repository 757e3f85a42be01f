/**
 * The one place that reads process.env. Everything else receives an AppConfig.
 * Defaults are for local development only; production sets its own values.
 */
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string;
  databasePoolSize: number;
  redisUrl: string | undefined;
  jwtSecret: string;
  jwtExpiresInSeconds: number;
  averageSpeedKmh: number;
  bodyLimitBytes: number;
  /** Bounds on how long a client may take to send, and may hold an idle connection (Node's http server timeouts). */
  http: {
    /** The whole request, headers and body, must arrive within this, or 408 and close (REQUEST_TIMEOUT_MS). */
    requestTimeoutMs: number;
    /** The headers must arrive within this; never more than requestTimeoutMs (HEADERS_TIMEOUT_MS). */
    headersTimeoutMs: number;
    /** An idle keep-alive connection is closed after this (KEEP_ALIVE_TIMEOUT_MS). */
    keepAliveTimeoutMs: number;
    /** A socket with no traffic either way is closed after this, a slow reader too; 0 disables (CONNECTION_TIMEOUT_MS). */
    connectionTimeoutMs: number;
  };
  seedDemoData: boolean;
  cache: {
    enabled: boolean;
    warmup: boolean;
    redisCommandTimeoutMs: number;
    redisConnectTimeoutMs: number;
    /** REDIS_URL names one node of a Redis Cluster. */
    redisCluster: boolean;
    keyPrefix: string;
    /** One invalidation attempt against Redis (CACHE_INVALIDATION_TIMEOUT_MS). */
    invalidationTimeoutMs: number;
    /** How long a write waits for its invalidation before answering anyway (CACHE_INVALIDATION_WAIT_MS). */
    invalidationWaitMs: number;
    /** How often every instance applies the outbox's leftover invalidations (CACHE_OUTBOX_POLL_MS). */
    outboxPollMs: number;
    /** Consecutive Redis failures that open the circuit (CACHE_BREAKER_FAILURES). */
    breakerFailures: number;
    /** How long the circuit stays open before a probe (CACHE_BREAKER_OPEN_MS). */
    breakerOpenMs: number;
    /** Byte bound of the in-process store (CACHE_MEMORY_MAX_BYTES). */
    memoryMaxBytes: number;
  };
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  /** One pino-http line per finished request (LOG_REQUESTS). */
  logRequests: boolean;
  /** Prometheus metrics and GET /metrics (METRICS_ENABLED); off means nothing is measured. */
  metricsEnabled: boolean;
  swaggerEnabled: boolean;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A development-only secret: good enough for the embedded demo, never for production. */
export const DEV_JWT_SECRET = 'dev-only-insecure-jwt-secret-change-me';

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
  }
  return raw;
}

function oneOf(env: Env, name: string, allowed: readonly string[], fallback: string): string {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (!allowed.includes(raw)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${env[name]}"`);
  return raw;
}

function httpTimeouts(env: Env): AppConfig['http'] {
  const requestTimeoutMs = int(env, 'REQUEST_TIMEOUT_MS', 30_000, 100, 600_000);
  return {
    requestTimeoutMs,
    // Node refuses a headers timeout longer than the request timeout.
    headersTimeoutMs: Math.min(int(env, 'HEADERS_TIMEOUT_MS', 10_000, 100, 600_000), requestTimeoutMs),
    keepAliveTimeoutMs: int(env, 'KEEP_ALIVE_TIMEOUT_MS', 72_000, 100, 600_000),
    connectionTimeoutMs: int(env, 'CONNECTION_TIMEOUT_MS', 60_000, 0, 3_600_000),
  };
}

export function loadConfig(env: Env = process.env): AppConfig {
  const production = env.NODE_ENV === 'production';
  const jwtSecret = env.JWT_SECRET?.trim() || DEV_JWT_SECRET;
  if (production && jwtSecret === DEV_JWT_SECRET) {
    throw new ConfigError('JWT_SECRET must be set in production');
  }
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  if (!databaseUrl) {
    throw new ConfigError('DATABASE_URL is not set (npm start sets it to the embedded PostgreSQL)');
  }
  return {
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    databasePoolSize: int(env, 'DB_POOL_SIZE', 10, 1, 200),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    jwtSecret,
    jwtExpiresInSeconds: int(env, 'JWT_EXPIRES_IN_SECONDS', 3600, 60, 30 * 24 * 3600),
    averageSpeedKmh: int(env, 'AVERAGE_SPEED_KMH', 65, 1, 300),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 100 * 1024, 1024, 10 * 1024 * 1024),
    http: httpTimeouts(env),
    seedDemoData: bool(env, 'SEED_DEMO_DATA', false),
    cache: {
      enabled: bool(env, 'CACHE_ENABLED', true),
      warmup: bool(env, 'CACHE_WARMUP', true),
      redisCommandTimeoutMs: int(env, 'REDIS_COMMAND_TIMEOUT_MS', 150, 5, 60_000),
      redisConnectTimeoutMs: int(env, 'REDIS_CONNECT_TIMEOUT_MS', 1000, 50, 60_000),
      redisCluster: bool(env, 'REDIS_CLUSTER', false),
      keyPrefix: env.CACHE_KEY_PREFIX?.trim() || 'freight',
      invalidationTimeoutMs: int(env, 'CACHE_INVALIDATION_TIMEOUT_MS', 1000, 10, 60_000),
      invalidationWaitMs: int(env, 'CACHE_INVALIDATION_WAIT_MS', 3000, 0, 60_000),
      outboxPollMs: int(env, 'CACHE_OUTBOX_POLL_MS', 250, 20, 60_000),
      breakerFailures: int(env, 'CACHE_BREAKER_FAILURES', 5, 1, 1000),
      breakerOpenMs: int(env, 'CACHE_BREAKER_OPEN_MS', 1000, 50, 60_000),
      memoryMaxBytes: int(env, 'CACHE_MEMORY_MAX_BYTES', 64 * 1024 * 1024, 1024 * 1024, 64 * 1024 * 1024 * 1024),
    },
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    logRequests: bool(env, 'LOG_REQUESTS', true),
    metricsEnabled: bool(env, 'METRICS_ENABLED', true),
    swaggerEnabled: bool(env, 'SWAGGER_ENABLED', true),
  };
}

/** Injection token for the typed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
