import { startTestApp, TestApp } from './helpers/test-app';

const PRODUCTION_SECRET = 'production-like-secret-of-more-than-32-bytes-0123456789';

describe('security headers and exposure', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: 'scrape-token-for-tests' });
  });
  afterAll(() => t.close());

  it('sends the helmet headers on API answers, and HSTS only when the request came over TLS', async () => {
    const plain = await t.request('GET', '/api/health');
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff');
    expect(plain.headers.get('referrer-policy')).toBe('no-referrer');
    expect(plain.headers.get('x-frame-options')).toBe('DENY');
    expect(plain.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(plain.headers.get('strict-transport-security')).toBeNull();

    // trustProxy: a TLS-terminating proxy says so in X-Forwarded-Proto.
    const behindTls = await t.request('GET', '/api/health', { headers: { 'x-forwarded-proto': 'https' } });
    expect(behindTls.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('answers a login with Cache-Control: no-store, and errors carry the headers too', async () => {
    const login = await t.request('POST', '/api/auth/login', { body: { email: 'admin@freight.local', password: 'admin123' } });
    expect(login.status).toBe(200);
    expect(login.headers.get('cache-control')).toBe('no-store');
    const unauthorized = await t.request('GET', '/api/loads');
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves Swagger UI under the CSP: no inline script, and every script and stylesheet it names loads', async () => {
    const page = await t.request('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    // script-src 'self' allows only same-origin files: an inline <script> would not run.
    const scripts = [...page.text.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const attributes of scripts) expect(attributes).toMatch(/\ssrc=/);
    const assets = [...page.text.matchAll(/<(?:script|link)[^>]*(?:src|href)=["']([^"']+)["']/g)].map((m) => m[1]);
    expect(assets).toEqual(expect.arrayContaining([expect.stringContaining('swagger-ui-init.js'), expect.stringContaining('swagger-ui-bundle.js')]));
    for (const asset of assets) {
      const url = new URL(asset, `${t.baseUrl}/docs`);
      expect(url.origin).toBe(t.baseUrl);
      const response = await fetch(url);
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
      await response.arrayBuffer();
    }
    const json = await t.request('GET', '/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
  });

  it('with METRICS_TOKEN set, /metrics needs it as a bearer token', async () => {
    const none = await t.request('GET', '/metrics');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', path: '/metrics' });
    expect((await t.request('GET', '/metrics', { token: 'not-the-token' })).status).toBe(401);
    const scraped = await t.request('GET', '/metrics', { token: 'scrape-token-for-tests' });
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('http_requests_total');
  });
});

describe('exposure in production', () => {
  it('turns Swagger off unless SWAGGER_ENABLED=true', async () => {
    const off = await startTestApp({ NODE_ENV: 'production', JWT_SECRET: PRODUCTION_SECRET }, { seed: false });
    try {
      expect((await off.request('GET', '/docs')).status).toBe(404);
      expect((await off.request('GET', '/docs-json')).status).toBe(404);
      expect((await off.request('GET', '/api/health')).status).toBe(200);
    } finally {
      await off.close();
    }
    const on = await startTestApp({ NODE_ENV: 'production', JWT_SECRET: PRODUCTION_SECRET, SWAGGER_ENABLED: 'true' }, { seed: false });
    try {
      expect((await on.request('GET', '/docs-json')).status).toBe(200);
    } finally {
      await on.close();
    }
  });
});
