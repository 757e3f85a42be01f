import { gunzipSync } from 'node:zlib';
import { rawRequest } from './helpers/raw-http';
import { startTestApp, TestApp } from './helpers/test-app';

// Public by design: login, health, and the Prometheus scrape (keep its port private).
const PUBLIC = new Set(['post /api/auth/login', 'get /api/health', 'get /api/health/live', 'get /api/health/ready', 'get /metrics']);
const SOME_ID = '00000000-0000-4000-8000-000000000000';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  security?: unknown[];
  tags?: string[];
  summary?: string;
}

/** Every route in the OpenAPI document: guarded, documented, and in the one error shape. */
describe('API contract (from /docs-json)', () => {
  let t: TestApp;
  let operations: Array<[string, string, Operation]>;

  beforeAll(async () => {
    t = await startTestApp();
    const document = (await t.request('GET', '/docs-json')).body as { paths: Record<string, Record<string, Operation>> };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => [method, path, operation] as [string, string, Operation]),
    );
  });
  afterAll(() => t.close());

  it('serves Swagger UI at /docs', async () => {
    const ui = await t.request('GET', '/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('sends the Swagger UI bundle gzipped to clients that accept gzip, whole to others', async () => {
    const url = `${t.baseUrl}/docs/swagger-ui-bundle.js`;
    const gzipped = await rawRequest(url, { 'accept-encoding': 'gzip, deflate, br' });
    const plain = await rawRequest(url);
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['content-type']).toMatch(/^application\/javascript/);
    expect(gzipped.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1_000_000);
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 3);
    expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true);
    const again = await rawRequest(url, { 'accept-encoding': 'gzip', 'if-none-match': String(gzipped.headers.etag) });
    expect(again.status).toBe(304);
    for (const file of ['swagger-ui-standalone-preset.js', 'swagger-ui.css']) {
      expect((await rawRequest(`${t.baseUrl}/docs/${file}`, { 'accept-encoding': 'gzip' })).headers['content-encoding']).toBe('gzip');
    }
  });

  it('documents every resource of the API', () => {
    const paths = new Set(operations.map(([, path]) => path));
    for (const path of [
      '/api/loads',
      '/api/shipments',
      '/api/loads/{id}/assign',
      '/api/drivers',
      '/api/routes',
      '/api/notifications',
      '/api/profile',
      '/api/analytics',
      '/api/health',
      '/api/auth/login',
    ]) {
      expect(paths).toContain(path);
    }
  });

  it('answers 401 without a token on every route but login, health and metrics', async () => {
    const unguarded: string[] = [];
    for (const [method, path] of operations) {
      if (PUBLIC.has(`${method} ${path}`)) continue;
      const url = path.replace(/\{[^}]+\}/g, SOME_ID);
      const response = await t.request(method.toUpperCase(), url, method === 'get' || method === 'delete' ? {} : { body: {} });
      if (response.status !== 401) unguarded.push(`${method.toUpperCase()} ${path} -> ${response.status}`);
    }
    expect(unguarded).toEqual([]);
  });

  it('documents a summary, a tag and the ErrorResponse shape for 4xx answers on every route', () => {
    const gaps: string[] = [];
    for (const [method, path, operation] of operations) {
      const name = `${method.toUpperCase()} ${path}`;
      if (!operation.summary) gaps.push(`${name}: no summary`);
      if (!operation.tags?.length) gaps.push(`${name}: no tag`);
      if (!PUBLIC.has(`${method} ${path}`) && !operation.responses['401']) gaps.push(`${name}: 401 not documented`);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!status.startsWith('4')) continue;
        const ref = response.content?.['application/json']?.schema?.$ref;
        if (ref !== '#/components/schemas/ErrorResponseDto') gaps.push(`${name}: ${status} not in the ErrorResponse shape`);
      }
    }
    expect(gaps).toEqual([]);
  });
});
