import { allPassed, evaluateCriteria } from './criteria';
import { mixedFixture, summaryFixture } from './fixtures';
import { DEFAULT_TARGETS } from './options';

const statuses = (criteria: ReturnType<typeof evaluateCriteria>) => Object.fromEntries(criteria.map((c) => [c.name, c.status]));

describe('evaluateCriteria', () => {
  it("checks the original's five targets and passes a healthy run", () => {
    const criteria = evaluateCriteria(summaryFixture(), DEFAULT_TARGETS, null);
    expect(criteria).toEqual([
      { name: 'Throughput', target: '>= 500 req/s', actual: '2,100 req/s', status: 'PASS' },
      { name: 'p95 latency', target: '< 1,200 ms', actual: '9.5 ms', status: 'PASS' },
      { name: 'Error rate', target: '< 0.1%', actual: '0%', status: 'PASS' },
      { name: 'Success rate', target: '> 99.9%', actual: '100%', status: 'PASS' },
      { name: 'Cache hit rate (X-Cache)', target: '> 70%', actual: '98.33%', status: 'PASS' },
    ]);
    expect(allPassed(criteria)).toBe(true);
  });

  it('fails each target on its own, at its boundary', () => {
    const run = summaryFixture({
      throughputRps: 499.99,
      latencyMs: { avg: 100, p50: 90, p95: 1200, p99: 1500, max: 2000 },
      errorRatePct: 0.1,
      successRatePct: 99.9,
      cache: { hits: 70, misses: 30, bypasses: 0, other: 0, uncached: 0, hitRatePct: 70 },
    });
    const criteria = evaluateCriteria(run, DEFAULT_TARGETS, null);
    expect(statuses(criteria)).toEqual({
      Throughput: 'FAIL',
      'p95 latency': 'FAIL',
      'Error rate': 'FAIL',
      'Success rate': 'FAIL',
      'Cache hit rate (X-Cache)': 'FAIL',
    });
    expect(allPassed(criteria)).toBe(false);
  });

  it('uses overridden targets', () => {
    const criteria = evaluateCriteria(summaryFixture(), { ...DEFAULT_TARGETS, minRps: 1_000_000 }, null);
    expect(criteria[0]).toEqual({ name: 'Throughput', target: '>= 1,000,000 req/s', actual: '2,100 req/s', status: 'FAIL' });
  });

  it('fails a run with no responses instead of passing it vacuously', () => {
    const empty = summaryFixture({
      requests: 0,
      successes: 0,
      errorRatePct: 0,
      successRatePct: 0,
      throughputRps: 0,
      latencyMs: { avg: null, p50: null, p95: null, p99: null, max: null },
    });
    const byName = statuses(evaluateCriteria(empty, { ...DEFAULT_TARGETS, minRps: 0 }, null));
    expect(byName['p95 latency']).toBe('FAIL');
    expect(byName['Error rate']).toBe('FAIL');
  });

  it('has nothing to judge for the hit rate when no response went through the cache', () => {
    const run = summaryFixture({ cache: { hits: 0, misses: 0, bypasses: 0, other: 0, uncached: 10, hitRatePct: null } });
    const criteria = evaluateCriteria(run, DEFAULT_TARGETS, null);
    expect(criteria[4]).toMatchObject({ status: 'N/A', actual: 'no cacheable responses' });
    expect(allPassed(criteria)).toBe(true);
  });

  it('in mixed mode fails on any stale read or failed write', () => {
    expect(statuses(evaluateCriteria(summaryFixture(), DEFAULT_TARGETS, mixedFixture()))).toMatchObject({
      'Stale reads after writes': 'PASS',
      'Write errors': 'PASS',
    });
    const stale = evaluateCriteria(summaryFixture(), DEFAULT_TARGETS, mixedFixture({ staleReads: 1 }));
    expect(stale[5]).toEqual({ name: 'Stale reads after writes', target: '= 0', actual: '1 of 210 checks', status: 'FAIL' });
    const failedWrite = mixedFixture({ writes: { ...mixedFixture().writes, errors: 2 } });
    expect(statuses(evaluateCriteria(summaryFixture(), DEFAULT_TARGETS, failedWrite))['Write errors']).toBe('FAIL');
  });
});
