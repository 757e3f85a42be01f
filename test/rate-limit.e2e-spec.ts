import { startTestRedis, TestRedis } from './helpers/redis';
import { startTestApp, TestApp, TestResponse } from './helpers/test-app';

/** The defaults the README states, set explicitly: startTestApp raises them for other suites. */
const DEFAULT_LIMITS = {
  RATE_LIMIT_LOGIN_PER_ACCOUNT: '10',
  RATE_LIMIT_LOGIN_PER_IP: '30',
  RATE_LIMIT_PASSWORD_CHANGE_PER_ACCOUNT: '5',
  RATE_LIMIT_PASSWORD_CHANGE_PER_IP: '20',
  RATE_LIMIT_WINDOW_SECONDS: '60',
};

/** Each test comes from its own address (trustProxy: X-Forwarded-For), so IP counts never mix. */
let nextAddress = 10;
const freshAddress = (): Record<string, string> => ({ 'x-forwarded-for': `203.0.113.${nextAddress++}` });

function wrongLogin(t: TestApp, email: string, headers: Record<string, string>): Promise<TestResponse> {
  return t.request('POST', '/api/auth/login', { body: { email, password: 'not-the-password' }, headers });
}

function expect429(response: TestResponse, policy: string): void {
  expect(response.status).toBe(429);
  expect(response.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', path: '/api/auth/login' });
  expect(response.body.message).toMatch(/^Too many login attempts .*: try again in \d+ s$/);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(response.headers.get('ratelimit')).toContain(`"${policy}";r=0;t=${retryAfter}`);
}

describe('rate limits: login and password change (one instance, no Redis)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(DEFAULT_LIMITS);
  });
  afterAll(() => t.close());

  it('answers the 11th login for one account within a minute 429, with Retry-After and the RateLimit headers', async () => {
    const address = freshAddress();
    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await wrongLogin(t, 'driver1@freight.local', address);
      expect(response.status).toBe(401);
      expect(response.headers.get('ratelimit-policy')).toBe('"login-account";q=10;w=60, "login-ip";q=30;w=60');
      expect(response.headers.get('ratelimit')).toMatch(
        new RegExp(`^"login-account";r=${10 - attempt};t=\\d+, "login-ip";r=${30 - attempt};t=\\d+$`),
      );
    }
    const eleventh = await wrongLogin(t, 'DRIVER1@freight.local ', address);
    expect429(eleventh, 'login-account');
    expect(eleventh.headers.get('ratelimit-policy')).toBe('"login-account";q=10;w=60, "login-ip";q=30;w=60');
    // Locked for the window even with the right password; other accounts are not.
    const right = await t.request('POST', '/api/auth/login', { body: { email: 'driver1@freight.local', password: 'driver123' }, headers: address });
    expect(right.status).toBe(429);
    const other = await t.request('POST', '/api/auth/login', { body: { email: 'driver2@freight.local', password: 'driver123' }, headers: address });
    expect(other.status).toBe(200);
    expect(other.headers.get('cache-control')).toBe('no-store');
  });

  it('limits one address across accounts', async () => {
    const address = freshAddress();
    for (let attempt = 1; attempt <= 30; attempt++) {
      expect((await wrongLogin(t, `nobody-${attempt}@freight.local`, address)).status).toBe(401);
    }
    const response = await wrongLogin(t, 'nobody-31@freight.local', address);
    expect429(response, 'login-ip');
    expect(response.body.message).toContain('from this address');
    // Another address is not affected.
    expect((await wrongLogin(t, 'nobody-31@freight.local', freshAddress())).status).toBe(401);
  });

  it('limits password change attempts per user, and leaves name changes alone', async () => {
    const token = await t.login('dispatcher2@freight.local');
    const address = freshAddress();
    const attempt = () =>
      t.request('PATCH', '/api/profile', {
        token,
        headers: address,
        body: { currentPassword: 'wrong-password', newPassword: 'long-enough-password' },
      });
    for (let i = 1; i <= 5; i++) expect((await attempt()).status).toBe(400);
    const sixth = await attempt();
    expect(sixth.status).toBe(429);
    expect(sixth.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', path: '/api/profile' });
    expect(sixth.body.message).toMatch(/^Too many password change attempts for this account: try again in \d+ s$/);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(sixth.headers.get('ratelimit')).toMatch(/^"password-change-account";r=0;t=\d+$/);
    expect(sixth.headers.get('ratelimit-policy')).toBe('"password-change-account";q=5;w=60, "password-change-ip";q=20;w=60');
    const rename = await t.request('PATCH', '/api/profile', { token, headers: address, body: { name: 'Still Allowed' } });
    expect(rename.status).toBe(200);
    expect(rename.headers.get('ratelimit')).toBeNull();
  });
});

describe('rate limits shared through Redis', () => {
  let redis: TestRedis;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    redis = await startTestRedis();
    a = await startTestApp({ ...DEFAULT_LIMITS, REDIS_URL: redis.url });
    b = await startTestApp({ ...DEFAULT_LIMITS, REDIS_URL: redis.url }, { databaseUrl: a.databaseUrl, seed: false });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  it('counts one account across two instances: 5 attempts on each, the 11th is refused on either', async () => {
    const address = freshAddress();
    for (let i = 0; i < 5; i++) {
      expect((await wrongLogin(a, 'driver3@freight.local', address)).status).toBe(401);
      expect((await wrongLogin(b, 'driver3@freight.local', address)).status).toBe(401);
    }
    expect429(await wrongLogin(a, 'driver3@freight.local', address), 'login-account');
    expect429(await wrongLogin(b, 'driver3@freight.local', address), 'login-account');
  });

  it('with Redis gone, still answers (never a 5xx) and limits per instance', async () => {
    await redis.kill();
    try {
      const address = freshAddress();
      const right = await a.request('POST', '/api/auth/login', { body: { email: 'driver4@freight.local', password: 'driver123' }, headers: address });
      expect(right.status).toBe(200);
      for (let i = 2; i <= 10; i++) expect((await wrongLogin(a, 'driver4@freight.local', address)).status).toBe(401);
      expect429(await wrongLogin(a, 'driver4@freight.local', address), 'login-account');
    } finally {
      await redis.restart();
    }
  });
});
