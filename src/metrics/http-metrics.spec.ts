import { Registry } from 'prom-client';
import { HttpMetrics, UNMATCHED_ROUTE } from './http-metrics';
import { parsePrometheusText, sumSamples } from './prometheus-text';

describe('HttpMetrics', () => {
  it('counts and times by method, route template and status; unmatched routes share one label', async () => {
    const registry = new Registry();
    const metrics = new HttpMetrics(registry);
    metrics.record('GET', '/api/loads/:id', 200, 0.004);
    metrics.record('GET', '/api/loads/:id', 200, 3);
    metrics.record('GET', '/api/loads/:id', 404, 0.001);
    metrics.record('GET', undefined, 404, 0.001);
    metrics.record('POST', undefined, 404, 0.001);

    const samples = parsePrometheusText(await registry.metrics());
    expect(sumSamples(samples, 'http_requests_total', { method: 'GET', route: '/api/loads/:id', status: '200' })).toBe(2);
    expect(sumSamples(samples, 'http_requests_total', { route: '/api/loads/:id', status: '404' })).toBe(1);
    expect(sumSamples(samples, 'http_requests_total', { route: UNMATCHED_ROUTE })).toBe(2);
    expect(sumSamples(samples, 'http_request_duration_seconds_count', { route: '/api/loads/:id', status: '200' })).toBe(2);
    expect(sumSamples(samples, 'http_request_duration_seconds_bucket', { route: '/api/loads/:id', status: '200', le: '2' })).toBe(1);
    expect(sumSamples(samples, 'http_request_duration_seconds_sum', { route: '/api/loads/:id', status: '200' })).toBeCloseTo(3.004);
  });
});
