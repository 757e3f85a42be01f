import { isIP } from 'node:net';

/**
 * The one place that reads process.env. Everything else receives an AppConfig.
 * Defaults are for local development only; production sets its own values.
 */
export interface AppConfig {
  port: number;
  host: string;
  /**
   * Which proxies' X-Forwarded-For (and -Proto) the app believes, for the client address that
   * per-IP rate limits count (TRUST_PROXY): true (every hop: the left-most address, which any
   * client can forge unless the proxy in front replaces the header), a number of proxy hops
   * (1 behind one nginx: the address that proxy saw), or a list of proxy addresses or CIDRs.
   */
  trustProxy: TrustProxy;
  databaseUrl: string;
  databasePoolSize: number;
  /**
   * DATABASE_URL points at PgBouncer in transaction mode (DB_PGBOUNCER): the wait bounds are not
   * sent as start-up parameters (PgBouncer refuses them); set them on the role instead.
   */
  databasePgBouncer: boolean;
  /** Every wait on PostgreSQL is bounded; the defaults keep a request's waits under 10 s in total. */
  databaseWaits: DatabaseWaits;
  /** Streaming replicas that cache fills and bounded reads may use (src/database/replicas). */
  databaseReplicas: DatabaseReplicas;
  redisUrl: string | undefined;
  jwtSecret: string;
  jwtExpiresInSeconds: number;
  /**
   * How long each instance trusts its in-process copy of a user's token version and role
   * (AUTH_USER_CACHE_TTL_MS): a password change, role change or deletion stops the user's
   * tokens within this time, or twice it while PostgreSQL cannot be reached (at most 60 s).
   */
  authUserCacheTtlMs: number;
  rateLimit: RateLimitConfig;
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  metricsToken: string | undefined;
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
  shutdown: {
    /** From SIGTERM to the last in-flight request; then connections are cut (SHUTDOWN_TIMEOUT_MS). */
    timeoutMs: number;
    /** Readiness answers 503 this long before the listener closes, for load balancers to notice (SHUTDOWN_READINESS_DELAY_MS). */
    readinessDelayMs: number;
  };
  /** Live driver positions (src/positions): telemetry, kept apart from the drivers' master data. */
  positions: {
    /** How often buffered reports are written to PostgreSQL, in one transaction (POSITION_FLUSH_MS). */
    flushMs: number;
    /** A comment line on every open stream this often, so proxies keep it open (POSITION_STREAM_HEARTBEAT_MS). */
    streamHeartbeatMs: number;
    /** Open position streams per instance; beyond, 503 with Retry-After (POSITION_STREAM_MAX_CLIENTS). */
    streamMaxClients: number;
    /** Drivers' positions a slow stream client may have waiting; beyond, its stream is closed (POSITION_STREAM_MAX_PENDING). */
    streamMaxPending: number;
    /** How long a report trusts this instance's copy of the driver record, when no change notice arrives (POSITION_DIRECTORY_TTL_MS). */
    directoryTtlMs: number;
  };
  idempotency: {
    /** How long a key and its stored response are kept (IDEMPOTENCY_RETENTION_HOURS). */
    retentionHours: number;
    /** After this long an in-flight key whose request never finished (a crash) may be reused (IDEMPOTENCY_IN_FLIGHT_EXPIRY_MS). */
    inFlightExpiryMs: number;
  };
}

export type TrustProxy = boolean | number | string[];

export interface DatabaseWaits {
  /** Longest wait for a free pool connection (DB_POOL_WAIT_MS). */
  poolWaitMs: number;
  /** PostgreSQL statement_timeout (DB_STATEMENT_TIMEOUT_MS); lock waits count towards it too. */
  statementTimeoutMs: number;
  /** PostgreSQL lock_timeout: longest wait for one row or table lock (DB_LOCK_TIMEOUT_MS). */
  lockTimeoutMs: number;
  /** PostgreSQL idle_in_transaction_session_timeout (DB_IDLE_IN_TRANSACTION_TIMEOUT_MS). */
  idleInTransactionTimeoutMs: number;
}

export interface DatabaseReplicas {
  /** Connection URLs of hot-standby replicas of DATABASE_URL (DATABASE_REPLICA_URLS, comma-separated); empty: primary only. */
  urls: string[];
  /** A replica further behind than this, in time, leaves the rotation until it catches up (DATABASE_REPLICA_MAX_LAG_MS). */
  maxLagMs: number;
  /** How often each instance reads the primary's WAL position and each replica's replay position (DATABASE_REPLICA_POLL_MS). */
  pollMs: number;
}

/** Login and password-change attempts allowed per window, per account and per client IP. */
export interface RateLimitConfig {
  windowSeconds: number;
  loginPerAccount: number;
  loginPerIp: number;
  passwordChangePerAccount: number;
  passwordChangePerIp: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * A development-only secret: `npm start` (scripts/launch.ts) passes it to the app it runs when
 * JWT_SECRET is not set. The app itself has no default, and refuses this one in production.
 */
export const DEV_JWT_SECRET = 'dev-only-insecure-jwt-secret-change-me';

/** HS256 keys shorter than the hash output (32 bytes) are weaker than the algorithm (RFC 7518 3.2). */
export const MIN_PRODUCTION_SECRET_BYTES = 32;

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

/** A comma-separated list of PostgreSQL URLs; each one validated as url() does. */
function urlList(env: Env, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part, i) => {
      const parsed = url({ [name]: part }, name, ['postgres:', 'postgresql:']);
      if (!parsed) throw new ConfigError(`${name} entry ${i + 1} is empty`);
      return parsed;
    });
}

function oneOf(env: Env, name: string, allowed: readonly string[], fallback: string): string {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (!allowed.includes(raw)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${env[name]}"`);
  return raw;
}

/**
 * JWT_SECRET has no default here, whatever NODE_ENV says: only the local launcher supplies the
 * dev secret, so `npm run start:prod` or the image can never sign with a secret from the repo.
 */
function jwtSecret(env: Env, production: boolean): string {
  const secret = env.JWT_SECRET?.trim();
  if (!secret) {
    throw new ConfigError('JWT_SECRET is not set: give the app a random secret of at least 32 bytes (npm start sets a dev-only one)');
  }
  if (production && secret === DEV_JWT_SECRET) {
    throw new ConfigError('JWT_SECRET is the dev-only secret of `npm start`; production needs its own');
  }
  if (production && Buffer.byteLength(secret) < MIN_PRODUCTION_SECRET_BYTES) {
    throw new ConfigError(`JWT_SECRET must be at least ${MIN_PRODUCTION_SECRET_BYTES} bytes in production, got ${Buffer.byteLength(secret)}`);
  }
  return secret;
}

/** true (the default: every hop), false, a hop count, or comma-separated addresses or CIDRs. */
function trustProxy(env: Env): TrustProxy {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw) return true;
  if (/^\d+$/.test(raw)) return int(env, 'TRUST_PROXY', 1, 0, 100);
  const lower = raw.toLowerCase();
  if (['true', 'false'].includes(lower)) return lower === 'true';
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= maxBits))) {
      throw new ConfigError(`TRUST_PROXY must be true, false, a hop count, or addresses/CIDRs separated by commas, got "${entry}"`);
    }
  }
  return entries;
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
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  if (!databaseUrl) {
    throw new ConfigError('DATABASE_URL is not set (npm start sets it to the embedded PostgreSQL)');
  }
  return {
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    trustProxy: trustProxy(env),
    databaseUrl,
    databasePoolSize: int(env, 'DB_POOL_SIZE', 10, 1, 200),
    databasePgBouncer: bool(env, 'DB_PGBOUNCER', false),
    // Pool wait 2 s + statement 5 s (lock waits included) keeps a one-statement request under 10 s.
    databaseWaits: {
      poolWaitMs: int(env, 'DB_POOL_WAIT_MS', 2000, 50, 60_000),
      statementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 5000, 50, 600_000),
      lockTimeoutMs: int(env, 'DB_LOCK_TIMEOUT_MS', 2000, 10, 600_000),
      idleInTransactionTimeoutMs: int(env, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 10_000, 100, 3_600_000),
    },
    databaseReplicas: {
      urls: urlList(env, 'DATABASE_REPLICA_URLS'),
      maxLagMs: int(env, 'DATABASE_REPLICA_MAX_LAG_MS', 5000, 50, 3_600_000),
      pollMs: int(env, 'DATABASE_REPLICA_POLL_MS', 200, 20, 10_000),
    },
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    jwtSecret: jwtSecret(env, production),
    jwtExpiresInSeconds: int(env, 'JWT_EXPIRES_IN_SECONDS', 3600, 60, 30 * 24 * 3600),
    // At most 30 s: on a PostgreSQL error a copy is used up to twice its TTL, and the stated
    // revocation bound is 60 s.
    authUserCacheTtlMs: int(env, 'AUTH_USER_CACHE_TTL_MS', 30_000, 50, 30_000),
    rateLimit: {
      windowSeconds: int(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 24 * 3600),
      loginPerAccount: int(env, 'RATE_LIMIT_LOGIN_PER_ACCOUNT', 10, 1, 1_000_000),
      loginPerIp: int(env, 'RATE_LIMIT_LOGIN_PER_IP', 30, 1, 1_000_000),
      passwordChangePerAccount: int(env, 'RATE_LIMIT_PASSWORD_CHANGE_PER_ACCOUNT', 5, 1, 1_000_000),
      passwordChangePerIp: int(env, 'RATE_LIMIT_PASSWORD_CHANGE_PER_IP', 20, 1, 1_000_000),
    },
    metricsToken: env.METRICS_TOKEN?.trim() || undefined,
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
    // Off in production unless asked for: the document maps every route for a visitor.
    swaggerEnabled: bool(env, 'SWAGGER_ENABLED', !production),
    shutdown: {
      timeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
      readinessDelayMs: int(env, 'SHUTDOWN_READINESS_DELAY_MS', 0, 0, 600_000),
    },
    positions: {
      flushMs: int(env, 'POSITION_FLUSH_MS', 1000, 20, 60_000),
      streamHeartbeatMs: int(env, 'POSITION_STREAM_HEARTBEAT_MS', 15_000, 50, 300_000),
      streamMaxClients: int(env, 'POSITION_STREAM_MAX_CLIENTS', 200, 0, 100_000),
      streamMaxPending: int(env, 'POSITION_STREAM_MAX_PENDING', 1000, 1, 1_000_000),
      directoryTtlMs: int(env, 'POSITION_DIRECTORY_TTL_MS', 10_000, 0, 300_000),
    },
    idempotency: {
      retentionHours: int(env, 'IDEMPOTENCY_RETENTION_HOURS', 24, 1, 24 * 30),
      inFlightExpiryMs: int(env, 'IDEMPOTENCY_IN_FLIGHT_EXPIRY_MS', 60_000, 1000, 3_600_000),
    },
  };
}

/** Injection token for the typed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
