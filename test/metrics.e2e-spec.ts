import { randomUUID } from 'node:crypto';
import { parsePrometheusText, PrometheusSample, selectSamples, sumSamples } from '../src/metrics/prometheus-text';
import { startTestApp, TestApp } from './helpers/test-app';

/** What Prometheus would see: GET /metrics with no token, parsed. */
async function scrape(t: TestApp): Promise<PrometheusSample[]> {
  const response = await t.request('GET', '/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parsePrometheusText(response.text);
}

describe('Prometheus metrics at /metrics', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ DB_POOL_SIZE: '6' });
    token = await t.login('dispatcher@freight.local');
  });
  afterAll(() => t.close());

  it('is served at the root without a token, not under /api', async () => {
    const samples = await scrape(t);
    expect(samples.length).toBeGreaterThan(0);
    expect((await t.request('GET', '/api/metrics')).status).toBe(404);
  });

  it('counts and times HTTP requests by method, route template and status', async () => {
    const missingId = randomUUID();
    const unmatchedBefore = sumSamples(await scrape(t), 'http_requests_total', { route: 'unmatched' }) ?? 0;
    expect((await t.request('GET', '/api/loads', { token })).status).toBe(200);
    expect((await t.request('GET', '/api/loads', { token })).status).toBe(200);
    expect((await t.request('GET', `/api/loads/${missingId}`, { token })).status).toBe(404);
    expect((await t.request('GET', '/api/loads')).status).toBe(401);
    expect((await t.request('GET', '/api/no-such-thing')).status).toBe(404);

    const samples = await scrape(t);
    const requests = (where: Record<string, string>) => sumSamples(samples, 'http_requests_total', where);
    expect(requests({ method: 'GET', route: '/api/loads', status: '200' })).toBe(2);
    expect(requests({ method: 'GET', route: '/api/loads', status: '401' })).toBe(1);
    expect(requests({ method: 'GET', route: '/api/loads/:id', status: '404' })).toBe(1);
    expect(requests({ method: 'GET', route: 'unmatched', status: '404' })).toBe(unmatchedBefore + 1);
    // Route templates only: the raw URL never becomes a label.
    const routes = new Set(selectSamples(samples, 'http_requests_total').map((s) => s.labels.route));
    expect([...routes].some((route) => route.includes(missingId) || route.includes('no-such-thing'))).toBe(false);

    expect(sumSamples(samples, 'http_request_duration_seconds_count', { route: '/api/loads', status: '200' })).toBe(2);
    const inf = sumSamples(samples, 'http_request_duration_seconds_bucket', { route: '/api/loads', status: '200', le: '+Inf' });
    expect(inf).toBe(2);
    expect(sumSamples(samples, 'http_request_duration_seconds_sum', { route: '/api/loads', status: '200' })).toBeGreaterThan(0);
  });

  it('counts response cache hits and misses per route', async () => {
    const first = await t.request('GET', '/api/drivers?limit=5', { token });
    const second = await t.request('GET', '/api/drivers?limit=5', { token });
    expect([first.headers.get('x-cache'), second.headers.get('x-cache')]).toEqual(['MISS', 'HIT']);

    const samples = await scrape(t);
    expect(sumSamples(samples, 'cache_misses_total', { route: '/api/drivers' })).toBe(1);
    expect(sumSamples(samples, 'cache_hits_total', { route: '/api/drivers' })).toBe(1);
    expect(sumSamples(samples, 'cache_bypasses_total', { route: '/api/drivers' }) ?? 0).toBe(0);
  });

  it('does not count 4xx answers as cache misses, so a 404 storm leaves the hit rate alone', async () => {
    const misses = async () => sumSamples(await scrape(t), 'cache_misses_total', { route: '/api/drivers/:id' }) ?? 0;
    const before = await misses();
    for (let i = 0; i < 3; i++) expect((await t.request('GET', `/api/drivers/${randomUUID()}`, { token })).status).toBe(404);
    expect((await t.request('GET', '/api/drivers/not-a-uuid', { token })).status).toBe(400);
    expect(await misses()).toBe(before);
    const drivers = (await t.request('GET', '/api/drivers?limit=1', { token })).body as { data: Array<{ id: string }> };
    expect((await t.request('GET', `/api/drivers/${drivers.data[0].id}`, { token })).headers.get('x-cache')).toBe('MISS');
    expect(await misses()).toBe(before + 1);
  });

  it('times database queries and reports the pool', async () => {
    const before = sumSamples(await scrape(t), 'db_query_duration_seconds_count') ?? 0;
    expect(before).toBeGreaterThan(0);
    // A write runs in a transaction on a checked-out client: BEGIN, the statements and
    // COMMIT are all timed.
    const updated = await t.request('PATCH', '/api/profile', { token, body: { name: 'Dana Measured' } });
    expect(updated.status).toBe(200);
    const samples = await scrape(t);
    expect(sumSamples(samples, 'db_query_duration_seconds_count')).toBeGreaterThanOrEqual(before + 3);
    expect(selectSamples(samples, 'db_connections_active', { state: 'idle' })).toHaveLength(1);
    expect(selectSamples(samples, 'db_connections_active', { state: 'active' })).toHaveLength(1);
    expect(sumSamples(samples, 'db_connections_active', { state: 'waiting' })).toBe(0);
    expect(sumSamples(samples, 'db_pool_max')).toBe(6);
  });

  it('includes the default process and Node.js metrics', async () => {
    const samples = await scrape(t);
    expect(sumSamples(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sumSamples(samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(selectSamples(samples, 'nodejs_heap_size_used_bytes')).toHaveLength(1);
  });

  it('echoes one request id in the header and the error body', async () => {
    const given = await t.request('GET', `/api/loads/${randomUUID()}`, { token, headers: { 'x-request-id': 'trace-abc-123' } });
    expect(given.status).toBe(404);
    expect(given.headers.get('x-request-id')).toBe('trace-abc-123');
    expect(given.body.requestId).toBe('trace-abc-123');

    const generated = await t.request('GET', '/api/loads/not-a-uuid', { token });
    expect(generated.status).toBe(400);
    const id = generated.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.body.requestId).toBe(id);
  });
});

describe('METRICS_ENABLED=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  it('serves no /metrics and the API works as before', async () => {
    const metrics = await t.request('GET', '/metrics');
    expect(metrics.status).toBe(404);
    expect(metrics.body.requestId).toBe(metrics.headers.get('x-request-id'));
    const token = await t.login('dispatcher@freight.local');
    const first = await t.request('GET', '/api/loads', { token });
    const second = await t.request('GET', '/api/loads', { token });
    expect(first.status).toBe(200);
    expect(second.headers.get('x-cache')).toBe('HIT');
  });
});
