import { ConfigError, DEV_JWT_SECRET, loadConfig } from './app-config';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/freight' };
const strong = 'a-random-production-secret-of-48-bytes-0123456789';

function failure(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig: JWT_SECRET', () => {
  it('has no default, whatever NODE_ENV says: only the launcher supplies the dev secret', () => {
    expect(failure(base)).toMatch(/JWT_SECRET is not set/);
    expect(failure({ ...base, NODE_ENV: 'development' })).toMatch(/JWT_SECRET is not set/);
    expect(failure({ ...base, NODE_ENV: 'production', JWT_SECRET: '  ' })).toMatch(/JWT_SECRET is not set/);
  });

  it('refuses, in production, the dev secret and any secret shorter than 32 bytes', () => {
    expect(failure({ ...base, NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET })).toMatch(/dev-only/);
    expect(failure({ ...base, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(31) })).toMatch(/at least 32 bytes in production, got 31/);
    expect(loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).jwtSecret).toBe('x'.repeat(32));
  });

  it('accepts a short secret outside production (tests, local runs)', () => {
    expect(loadConfig({ ...base, JWT_SECRET: 'short' }).jwtSecret).toBe('short');
  });
});

describe('loadConfig: exposure', () => {
  it('turns Swagger off in production unless SWAGGER_ENABLED=true', () => {
    expect(loadConfig({ ...base, JWT_SECRET: strong }).swaggerEnabled).toBe(true);
    expect(loadConfig({ ...base, JWT_SECRET: strong, NODE_ENV: 'production' }).swaggerEnabled).toBe(false);
    expect(loadConfig({ ...base, JWT_SECRET: strong, NODE_ENV: 'production', SWAGGER_ENABLED: 'true' }).swaggerEnabled).toBe(true);
  });

  it('keeps the token revocation bound at 60 s or less: the user cache TTL is at most 30 s', () => {
    expect(loadConfig({ ...base, JWT_SECRET: strong }).authUserCacheTtlMs).toBe(30_000);
    expect(failure({ ...base, JWT_SECRET: strong, AUTH_USER_CACHE_TTL_MS: '30001' })).toMatch(/AUTH_USER_CACHE_TTL_MS must be between 50 and 30000/);
  });
});

describe('loadConfig: live positions', () => {
  it('flushes every second and allows 200 streams of 15 s heartbeats by default', () => {
    expect(loadConfig({ ...base, JWT_SECRET: strong }).positions).toEqual({
      flushMs: 1000,
      streamHeartbeatMs: 15_000,
      streamMaxClients: 200,
      streamMaxPending: 1000,
      directoryTtlMs: 10_000,
    });
  });

  it('reads each setting and refuses values out of range', () => {
    const positions = loadConfig({
      ...base,
      JWT_SECRET: strong,
      POSITION_FLUSH_MS: '250',
      POSITION_STREAM_HEARTBEAT_MS: '500',
      POSITION_STREAM_MAX_CLIENTS: '3',
      POSITION_STREAM_MAX_PENDING: '10',
      POSITION_DIRECTORY_TTL_MS: '0',
    }).positions;
    expect(positions).toEqual({ flushMs: 250, streamHeartbeatMs: 500, streamMaxClients: 3, streamMaxPending: 10, directoryTtlMs: 0 });
    expect(failure({ ...base, JWT_SECRET: strong, POSITION_FLUSH_MS: '0' })).toMatch(/POSITION_FLUSH_MS must be between 20 and 60000/);
    expect(failure({ ...base, JWT_SECRET: strong, POSITION_STREAM_MAX_CLIENTS: 'many' })).toMatch(/POSITION_STREAM_MAX_CLIENTS must be an integer/);
  });
});

describe('loadConfig: TRUST_PROXY', () => {
  const trust = (value?: string) => loadConfig({ ...base, JWT_SECRET: strong, ...(value === undefined ? {} : { TRUST_PROXY: value }) }).trustProxy;

  it('trusts every hop unless told otherwise, as before the setting existed', () => {
    expect(trust()).toBe(true);
    expect(trust('')).toBe(true);
    expect(trust('false')).toBe(false);
  });

  it('takes a hop count (1 behind one nginx) or a list of proxy addresses and CIDRs', () => {
    expect(trust('1')).toBe(1);
    expect(trust('10.0.0.0/8, 127.0.0.1,::1')).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
    expect(trust('fd00::/8')).toEqual(['fd00::/8']);
  });

  it('refuses anything else, naming the entry at fault', () => {
    expect(failure({ ...base, JWT_SECRET: strong, TRUST_PROXY: 'nginx' })).toMatch(/TRUST_PROXY must be .* got "nginx"/);
    expect(failure({ ...base, JWT_SECRET: strong, TRUST_PROXY: '10.0.0.0/33' })).toMatch(/got "10.0.0.0\/33"/);
    expect(failure({ ...base, JWT_SECRET: strong, TRUST_PROXY: '101' })).toMatch(/TRUST_PROXY must be between 0 and 100/);
  });
});

describe('loadConfig: read replicas', () => {
  it('has none by default, and reads DATABASE_REPLICA_URLS as a comma-separated list', () => {
    expect(loadConfig({ ...base, JWT_SECRET: strong }).databaseReplicas).toEqual({ urls: [], maxLagMs: 5000, pollMs: 200 });
    const replicas = loadConfig({
      ...base,
      JWT_SECRET: strong,
      DATABASE_REPLICA_URLS: ' postgres://u:p@10.0.0.2:5432/freight, postgresql://u:p@10.0.0.3:5432/freight ,',
      DATABASE_REPLICA_MAX_LAG_MS: '1500',
      DATABASE_REPLICA_POLL_MS: '100',
    }).databaseReplicas;
    expect(replicas).toEqual({
      urls: ['postgres://u:p@10.0.0.2:5432/freight', 'postgresql://u:p@10.0.0.3:5432/freight'],
      maxLagMs: 1500,
      pollMs: 100,
    });
  });

  it('refuses an entry that is not a PostgreSQL URL', () => {
    expect(failure({ ...base, JWT_SECRET: strong, DATABASE_REPLICA_URLS: 'postgres://u:p@h/db,redis://h:6379' })).toMatch(
      /DATABASE_REPLICA_URLS must use postgres: or postgresql:/,
    );
    expect(failure({ ...base, JWT_SECRET: strong, DATABASE_REPLICA_MAX_LAG_MS: '10' })).toMatch(/DATABASE_REPLICA_MAX_LAG_MS must be between 50/);
  });
});
