import { emptyTally, mergeTallies, percentile, recordResponse, summarize, summarizeLatencies } from './stats';

describe('percentile', () => {
  it('is the nearest rank: p95 of 1..100 is 95, of 1..20 is 19', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(
      percentile(
        Array.from({ length: 20 }, (_, i) => i + 1),
        95,
      ),
    ).toBe(19);
  });

  it('handles one value and none', () => {
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 95)).toBeNull();
  });
});

describe('summarizeLatencies', () => {
  it('sorts before ranking and gives average, p50, p95, p99 and max', () => {
    const latencies = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summarizeLatencies(latencies)).toEqual({ avg: 50.5, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('sees a slow tail that p90 would miss', () => {
    const latencies = [...Array(93).fill(2), ...Array(7).fill(900)];
    expect(summarizeLatencies(latencies).p95).toBe(900);
  });

  it('is all null with no responses', () => {
    expect(summarizeLatencies([])).toEqual({ avg: null, p50: null, p95: null, p99: null, max: null });
  });
});

describe('summarize', () => {
  it('counts requests, successes, errors by kind, rates, throughput and the X-Cache hit rate', () => {
    const tally = emptyTally();
    for (let i = 0; i < 6; i++) recordResponse(tally, 200, 'HIT');
    recordResponse(tally, 200, 'miss');
    recordResponse(tally, 200, 'BYPASS');
    recordResponse(tally, 401, undefined);
    tally.timeouts = 1;
    tally.latencies.push(1, 2, 3, 4, 5, 6, 7, 8, 9);
    tally.elapsedMs = 500;

    const summary = summarize('profile', '/api/profile', tally);
    expect(summary.requests).toBe(10);
    expect(summary.successes).toBe(8);
    expect(summary.errors).toEqual({ non2xx: 1, timeouts: 1, connection: 0, total: 2 });
    expect(summary.errorRatePct).toBe(20);
    expect(summary.successRatePct).toBe(80);
    expect(summary.throughputRps).toBe(18);
    expect(summary.statusCodes).toEqual({ 200: 8, 401: 1 });
    // 6 HIT of 8 responses with X-Cache; the 401 had none and does not count.
    expect(summary.cache).toEqual({ hits: 6, misses: 1, bypasses: 1, other: 0, uncached: 1, hitRatePct: 75 });
  });

  it('has no hit rate when nothing went through the cache, and no throughput without time', () => {
    const tally = emptyTally();
    recordResponse(tally, 200, undefined);
    const summary = summarize('health', '/api/health', tally);
    expect(summary.cache.hitRatePct).toBeNull();
    expect(summary.throughputRps).toBe(0);
  });
});

describe('mergeTallies', () => {
  it('adds counts and run times (the endpoints ran one after another) and pools the latencies', () => {
    const a = emptyTally();
    recordResponse(a, 200, 'HIT');
    a.latencies.push(10);
    a.elapsedMs = 1000;
    const b = emptyTally();
    recordResponse(b, 503, undefined);
    b.latencies.push(30);
    b.connectionErrors = 2;
    b.elapsedMs = 1000;

    const merged = summarize('all', 'all endpoints', mergeTallies([a, b]));
    expect(merged.requests).toBe(4);
    expect(merged.errors).toEqual({ non2xx: 1, timeouts: 0, connection: 2, total: 3 });
    expect(merged.throughputRps).toBe(1);
    expect(merged.latencyMs.avg).toBe(20);
    expect(merged.statusCodes).toEqual({ 200: 1, 503: 1 });
    expect(merged.cache.hitRatePct).toBe(100);
  });
});
