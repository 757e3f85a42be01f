import { parsePrometheusText, selectSamples, sumSamples } from './prometheus-text';

const TEXT = `# HELP http_requests_total HTTP requests
# TYPE http_requests_total counter
http_requests_total{method="GET",route="/api/loads/:id",status="404"} 2
http_requests_total{method="GET",route="/api/loads",status="200"} 3
http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/loads",status="200"} 3
process_resident_memory_bytes 52428800
odd{path="a \\"quoted\\" \\\\ value"} 1.5e-3 1700000000000
not a sample line
`;

describe('parsePrometheusText', () => {
  const samples = parsePrometheusText(TEXT);

  it('reads names, labels and values, skipping comments and junk', () => {
    expect(samples).toHaveLength(5);
    expect(samples[0]).toEqual({ name: 'http_requests_total', labels: { method: 'GET', route: '/api/loads/:id', status: '404' }, value: 2 });
    expect(samples[2].labels.le).toBe('+Inf');
    expect(samples[3]).toEqual({ name: 'process_resident_memory_bytes', labels: {}, value: 52428800 });
  });

  it('unescapes label values and accepts exponents and timestamps', () => {
    expect(samples[4].labels.path).toBe('a "quoted" \\ value');
    expect(samples[4].value).toBeCloseTo(0.0015);
  });

  it('selects and sums by label subset', () => {
    expect(selectSamples(samples, 'http_requests_total', { route: '/api/loads' })).toHaveLength(1);
    expect(sumSamples(samples, 'http_requests_total')).toBe(5);
    expect(sumSamples(samples, 'http_requests_total', { status: '500' })).toBeUndefined();
  });
});
